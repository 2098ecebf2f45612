// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QPalette>

namespace Planhat {

/// The few colours of our own, chosen for the palette in use so they stay readable on a
/// dark one as on a light one (the text over them keeps the palette's own colour).
namespace PaletteColors {

/// True when the palette's base (the background of tables and fields) is dark.
bool isDark(const QPalette &palette);
/// Background of a table cell with an unsaved edit.
QColor changedCell(const QPalette &palette);
/// Background of a table cell whose save failed.
QColor failedCell(const QPalette &palette);
/// Text that reports an error or a success, on the window background.
QColor errorText(const QPalette &palette);
QColor successText(const QPalette &palette);
/// A style sheet that gives a QLabel the colour `color`.
QString labelStyle(const QColor &color);
/// A dark palette for the Fusion style, where the desktop offers none to follow (e.g. the
/// dark screenshot under Xvfb).
QPalette darkFusionPalette();

} // namespace PaletteColors
} // namespace Planhat
