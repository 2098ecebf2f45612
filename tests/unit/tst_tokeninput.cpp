// SPDX-License-Identifier: MIT
// The token line planhat-cli login reads from stdin.
#include "tokeninput.h"

#include <QTest>

using namespace Planhat;

class TestTokenInput final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstLine_data();
    void firstLine();
};

void TestTokenInput::firstLine_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("token");
    QTest::newRow("bare") << QByteArray("abc") << QStringLiteral("abc");
    QTest::newRow("newline") << QByteArray("abc\n") << QStringLiteral("abc");
    QTest::newRow("crlf") << QByteArray("abc\r\n") << QStringLiteral("abc");
    QTest::newRow("spaces") << QByteArray("  abc \t\n") << QStringLiteral("abc");
    QTest::newRow("only the first line") << QByteArray("abc\ndef\n") << QStringLiteral("abc");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("blank first line") << QByteArray("\nabc\n") << QString();
    QTest::newRow("utf-8") << QByteArray("t\xc3\xa9st\n") << QStringLiteral("t\u00e9st");
}

void TestTokenInput::firstLine()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, token);
    QCOMPARE(tokenFromFirstLine(input), token);
}

QTEST_GUILESS_MAIN(TestTokenInput)
#include "tst_tokeninput.moc"
