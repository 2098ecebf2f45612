// SPDX-License-Identifier: MIT
#include "palettecolors.h"

#include <QString>

namespace Planhat::PaletteColors {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor changedCell(const QPalette &palette)
{
    return isDark(palette) ? QColor(105, 84, 20) : QColor(255, 236, 170);
}

QColor failedCell(const QPalette &palette)
{
    return isDark(palette) ? QColor(122, 36, 40) : QColor(255, 196, 196);
}

QColor errorText(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? QColor(255, 128, 128)
                                                             : QColor(176, 0, 32);
}

QColor successText(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? QColor(129, 199, 132)
                                                             : QColor(27, 94, 32);
}

QPalette darkFusionPalette()
{
    const QColor window(45, 45, 48);
    const QColor base(30, 30, 32);
    const QColor text(230, 230, 230);
    const QColor disabledText(128, 128, 128);
    const QColor highlight(61, 123, 224);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(40, 40, 43));
    palette.setColor(QPalette::ToolTipBase, window);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabledText);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(255, 128, 128));
    palette.setColor(QPalette::Light, QColor(70, 70, 74));
    palette.setColor(QPalette::Midlight, QColor(58, 58, 62));
    palette.setColor(QPalette::Mid, QColor(38, 38, 40));
    palette.setColor(QPalette::Dark, QColor(20, 20, 22));
    palette.setColor(QPalette::Shadow, Qt::black);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(120, 170, 255));
    palette.setColor(QPalette::LinkVisited, QColor(170, 140, 255));
    for (const QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, disabledText);
    }
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(70, 70, 74));
    return palette;
}

QString labelStyle(const QColor &color)
{
    return QStringLiteral("QLabel { color: %1; }").arg(color.name());
}

} // namespace Planhat::PaletteColors
