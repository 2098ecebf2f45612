// SPDX-License-Identifier: MIT
// High-DPI: run with QT_SCALE_FACTOR=2 (see CMakeLists.txt), as on a 200 % screen. Our
// fallback icons then come from their @2x files, sharp instead of scaled up, and the app
// icon has a size for every scale.
#include "themedicon.h"

#include <QApplication>
#include <QIcon>
#include <QTest>
#include <QWidget>

using namespace Planhat;

class TestHighDpi final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void actionIconsHaveDoubleResolutionFiles_data();
    void actionIconsHaveDoubleResolutionFiles();
    void applicationIconCoversScaledSizes();
};

void TestHighDpi::actionIconsHaveDoubleResolutionFiles_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"document-save", "document-revert", "edit-undo", "edit-redo",
                             "document-import", "document-export", "document-new", "document-edit",
                             "edit-delete", "view-refresh", "help-about", "application-exit"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestHighDpi::actionIconsHaveDoubleResolutionFiles()
{
    QFETCH(QString, name);
    QWidget widget;
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QCOMPARE(widget.devicePixelRatioF(), 2.0);

    // The resource icon itself, not whatever theme the machine may have.
    const QIcon icon(QStringLiteral(":/icons/%1.png").arg(name));
    QVERIFY2(!icon.isNull(), qPrintable(name));
    QVERIFY2(icon.availableSizes().contains(QSize(48, 48)), qPrintable(name + " has no @2x file"));
    const QPixmap pixmap = icon.pixmap(QSize(24, 24), widget.devicePixelRatioF());
    QCOMPARE(pixmap.size(), QSize(48, 48));
    QCOMPARE(pixmap.devicePixelRatio(), 2.0);
    QVERIFY(!themedIcon(name).isNull());
}

void TestHighDpi::applicationIconCoversScaledSizes()
{
    const QIcon icon = applicationIcon();
    QVERIFY(!icon.isNull());
    // 32 and 64 px at 2x need 64 and 128 device pixels: real files, not scaled up.
    for (const int size : {32, 64, 128, 256})
        QVERIFY2(icon.availableSizes().contains(QSize(size, size)),
                 qPrintable(QString::number(size)));
}

QTEST_MAIN(TestHighDpi)
#include "tst_highdpi.moc"
