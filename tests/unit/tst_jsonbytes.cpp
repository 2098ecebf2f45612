// SPDX-License-Identifier: MIT
// JsonBytes writes what QJsonDocument::toJson(Compact) writes, byte for byte: the import
// journal and bulk bodies it writes must read back as before.
#include "data/jsonbytes.h"

#include <QJsonDocument>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Planhat;

class TestJsonBytes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsQJsonDocument_data();
    void sameAsQJsonDocument();
    void integersAndStrings();
    void utf8TextAsAppendStringWritesIt();
};

void TestJsonBytes::sameAsQJsonDocument_data()
{
    QTest::addColumn<QJsonObject>("object");
    QTest::newRow("empty") << QJsonObject();
    QTest::newRow("plain") << QJsonObject {{QStringLiteral("name"), QStringLiteral("Acme")},
                                           {QStringLiteral("_id"), QStringLiteral("5f1")}};
    QTest::newRow("escapes") << QJsonObject {{QStringLiteral("text"),
                                              QStringLiteral("a\"b\\c\nd\re\tf\bg\fh") + QChar(0x01)
                                                  + QChar(0x1f) + QStringLiteral("/end")}};
    QTest::newRow("unicode") << QJsonObject {
        {QStringLiteral("Größe – naïve"),
         QStringLiteral("日本語 ") + QString::fromUcs4(U"\U0001F600")}};
    QTest::newRow("lone surrogate")
        << QJsonObject {{QStringLiteral("s"), QString(QChar(0xd800)) + QStringLiteral("x")}};
    QTest::newRow("numbers") << QJsonObject {
        {QStringLiteral("zero"), 0},
        {QStringLiteral("negative"), -42},
        {QStringLiteral("big"), qint64(9007199254740993)},
        {QStringLiteral("min"), std::numeric_limits<qint64>::min() + 1},
        {QStringLiteral("fraction"), 0.1},
        {QStringLiteral("whole double"), 12.0},
        {QStringLiteral("huge"), 1e300},
        {QStringLiteral("tiny"), -2.5e-12},
        {QStringLiteral("nan"), std::nan("")},
        {QStringLiteral("infinity"), std::numeric_limits<double>::infinity()}};
    QTest::newRow("nested") << QJsonObject {
        {QStringLiteral("custom"),
         QJsonObject {{QStringLiteral("Days in Phase"), 3}, {QStringLiteral("flag"), true}}},
        {QStringLiteral("list"),
         QJsonArray {1, QStringLiteral("two"), QJsonValue::Null, false, QJsonArray(),
                     QJsonObject()}},
        {QStringLiteral("null"), QJsonValue::Null}};
}

void TestJsonBytes::sameAsQJsonDocument()
{
    QFETCH(QJsonObject, object);
    QByteArray bytes;
    JsonBytes::appendObject(bytes, object);
    QCOMPARE(bytes, QJsonDocument(object).toJson(QJsonDocument::Compact));

    const QJsonArray array {object, object};
    bytes.clear();
    JsonBytes::appendArray(bytes, array);
    QCOMPARE(bytes, QJsonDocument(array).toJson(QJsonDocument::Compact));
}

void TestJsonBytes::integersAndStrings()
{
    QByteArray bytes;
    JsonBytes::appendInteger(bytes, 0);
    bytes += ' ';
    JsonBytes::appendInteger(bytes, -1234567890123LL);
    bytes += ' ';
    JsonBytes::appendInteger(bytes, std::numeric_limits<qint64>::min());
    bytes += ' ';
    JsonBytes::appendAsciiString(bytes, QLatin1StringView("sending"));
    bytes += ' ';
    JsonBytes::appendString(bytes, u"tab\there");
    QCOMPARE(bytes, QByteArray("0 -1234567890123 -9223372036854775808 \"sending\" \"tab\\there\""));
}

// ExistingRowReader writes the strings of a listing (UTF-8) with writeUtf8String(); the
// journal copies that text as the before-image appendObject() would write.
void TestJsonBytes::utf8TextAsAppendStringWritesIt()
{
    const QStringList texts {QString(), QStringLiteral("Acme"),
                             QStringLiteral("a\"b\\c\nd\re\tf\bg\fh") + QChar(0x01) + QChar(0x1f)
                                 + QChar(0x7f) + QStringLiteral("/end"),
                             QStringLiteral("Größe – naïve 日本語 ")
                                 + QString::fromUcs4(U"\U0001F600"),
                             QString(QChar(0x2028)) + QChar(0xfeff) + QChar(0xffff)};
    for (const QString &text : texts) {
        QByteArray expected;
        JsonBytes::appendString(expected, text);
        const QByteArray utf8 = text.toUtf8();
        QByteArray written(JsonBytes::utf8StringBound(utf8.size()), '\0');
        char *end = JsonBytes::writeUtf8String(written.data(), utf8);
        QVERIFY(end - written.constData() <= written.size());
        written.truncate(end - written.constData());
        QCOMPARE(written, expected);
        // needsEscape(): whether appendString() wrote anything but the text in quotes.
        QCOMPARE(JsonBytes::needsEscape(text), expected != '"' + utf8 + '"');
    }
}

QTEST_GUILESS_MAIN(TestJsonBytes)
#include "tst_jsonbytes.moc"
