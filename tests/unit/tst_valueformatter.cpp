// SPDX-License-Identifier: MIT
// ValueFormatter, SortKey and ObjectColumn: how cells of ObjectTableModel read and sort.
#include "models/objectcolumn.h"
#include "models/sortkey.h"
#include "models/valueformatter.h"

#include <QCollator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <ctime>

using namespace Planhat;

namespace {

ObjectColumn column(FieldType type, const QString &name = QStringLiteral("field"),
                    const QString &referenceType = QString())
{
    FieldSpec field;
    field.name = name;
    field.displayName = name;
    field.type = type;
    field.referenceType = referenceType;
    return ObjectColumn(field);
}

QJsonValue json(const char *text)
{
    // Wrap so that scalars parse too.
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray("[") + text + QByteArray("]"));
    return document.array().at(0);
}

const QLocale us(QLocale::English, QLocale::UnitedStates);
const QLocale german(QLocale::German, QLocale::Germany);

} // namespace

Q_DECLARE_METATYPE(Planhat::FieldType)

class TestValueFormatter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void displayText_data();
    void displayText();
    void dateTimeWithTimeIsLocalTime();
    void localTimesAcrossOffsetChanges();
    void cachedDateTextsKeepMidnightApart();
    void referencesShowNamesWithIdsInTooltip();
    void ownIdIsShownAsIs();
    void longTextHasTooltip();
    void checkState();
    void columnReadsCustomFieldPath();
    void sortKeysCompareByType();
    void sortKeysOfDatesAreChronological();
};

void TestValueFormatter::displayText_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<FieldType>("type");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("integer") << us << FieldType::Number << "250"
                             << "250";
    QTest::newRow("number grouped") << us << FieldType::Number << "1234.5"
                                    << "1,234.5";
    QTest::newRow("number german") << german << FieldType::Number << "1234.5"
                                   << "1.234,5";
    QTest::newRow("numeric string") << us << FieldType::Number << "\"12\""
                                    << "12";
    QTest::newRow("not a number") << us << FieldType::Number << "\"n/a\""
                                  << "n/a";
    QTest::newRow("midnight utc is a day")
        << us << FieldType::Date << "\"2024-01-15T00:00:00.000Z\""
        << "1/15/24";
    QTest::newRow("day german") << german << FieldType::Date << "\"2024-01-15T00:00:00.000Z\""
                                << "15.01.24";
    QTest::newRow("plain date") << us << FieldType::Date << "\"2023-05-01\""
                                << "5/1/23";
    QTest::newRow("not a date") << us << FieldType::Date << "\"soon\""
                                << "soon";
    QTest::newRow("day number") << us << FieldType::DayNumber << "19737"
                                << "1/15/24";
    QTest::newRow("day number german") << german << FieldType::DayNumber << "0"
                                       << "01.01.70";
    QTest::newRow("list joined") << us << FieldType::List << "[\"a\",\"b\",\"c\"]"
                                 << "a, b, c";
    QTest::newRow("empty list") << us << FieldType::List << "[]"
                                << "";
    QTest::newRow("object compact") << us << FieldType::Object << "{\"a\":1,\"b\":[true]}"
                                    << "{\"a\":1,\"b\":[true]}";
    QTest::newRow("boolean has no text") << us << FieldType::Boolean << "true"
                                         << "";
    QTest::newRow("null") << us << FieldType::Text << "null"
                          << "";
    QTest::newRow("text") << us << FieldType::Text << "\"Acme GmbH\""
                          << "Acme GmbH";
    QTest::newRow("enum") << us << FieldType::Enum << "\"customer\""
                          << "customer";
}

void TestValueFormatter::displayText()
{
    QFETCH(QLocale, locale);
    QFETCH(FieldType, type);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const ValueFormatter formatter(locale);
    QCOMPARE(formatter.displayText(column(type), json(value.toUtf8().constData())), expected);
}

void TestValueFormatter::dateTimeWithTimeIsLocalTime()
{
    const ValueFormatter formatter(german);
    const QDateTime utc(QDate(2024, 3, 5), QTime(10, 30), Qt::UTC);
    QCOMPARE(formatter.displayText(column(FieldType::Date), QJsonValue("2024-03-05T10:30:00.000Z")),
             german.toString(utc.toLocalTime(), QLocale::ShortFormat));
    // Without milliseconds, and with an offset.
    QCOMPARE(
        formatter.displayText(column(FieldType::Date), QJsonValue("2024-03-05T12:30:00+02:00")),
        german.toString(utc.toLocalTime(), QLocale::ShortFormat));
}

void TestValueFormatter::localTimesAcrossOffsetChanges()
{
    // The formatter remembers the local offset per hour; around daylight-saving changes
    // (and in a zone half an hour off) each time must still read as the C library says.
    const QByteArray previous = qgetenv("TZ");
    for (const char *zone : {"Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe"}) {
        qputenv("TZ", zone);
        tzset();
        const ValueFormatter formatter(us);
        for (const QDate day : {QDate(2024, 3, 10), QDate(2024, 3, 31), QDate(2024, 4, 7),
                                QDate(2024, 10, 6), QDate(2024, 10, 27), QDate(2024, 11, 3)}) {
            QDateTime utc(day.addDays(-1), QTime(0, 7, 30), Qt::UTC);
            for (int step = 0; step < 2 * 24 * 4; ++step, utc = utc.addSecs(15 * 60)) {
                const QString text = utc.toString(Qt::ISODateWithMs);
                QCOMPARE(formatter.displayText(column(FieldType::Date), QJsonValue(text)),
                         us.toString(utc.toLocalTime(), QLocale::ShortFormat));
            }
        }
    }
    if (previous.isEmpty())
        qunsetenv("TZ");
    else
        qputenv("TZ", previous);
    tzset();
}

void TestValueFormatter::cachedDateTextsKeepMidnightApart()
{
    const ValueFormatter formatter(german);
    const ObjectColumn date = column(FieldType::Date);
    const auto expected = [](const QDateTime &utc) {
        return german.toString(utc.toLocalTime(), QLocale::ShortFormat);
    };
    // Same minute, other seconds: the same text, whichever came first.
    const QDateTime morning(QDate(2024, 1, 15), QTime(9, 30, 12), Qt::UTC);
    QCOMPARE(formatter.displayText(date, QJsonValue("2024-01-15T09:30:12.250Z")),
             expected(morning));
    QCOMPARE(formatter.displayText(date, QJsonValue("2024-01-15T09:30:59Z")), expected(morning));
    QCOMPARE(formatter.displayText(date, QJsonValue("2024-01-15T09:31:00.000Z")),
             expected(morning.addSecs(48)));
    // Exactly midnight is a day; a few seconds later is a time.
    QCOMPARE(formatter.displayText(date, QJsonValue("2024-01-15T00:00:00.000Z")),
             QStringLiteral("15.01.24"));
    const QDateTime late(QDate(2024, 1, 15), QTime(0, 0, 30), Qt::UTC);
    QCOMPARE(formatter.displayText(date, QJsonValue("2024-01-15T00:00:30.000Z")), expected(late));
    QCOMPARE(formatter.displayText(date, QJsonValue("2024-01-15T00:00:00.000Z")),
             QStringLiteral("15.01.24"));
}

void TestValueFormatter::referencesShowNamesWithIdsInTooltip()
{
    ValueFormatter formatter(us);
    QStringList asked;
    formatter.setNameLookup([&asked](const QString &typeName, const QString &id) {
        asked.append(typeName + QLatin1Char('/') + id);
        return id == QLatin1String("c1") ? QStringLiteral("Acme") : QString();
    });
    const ObjectColumn company = column(FieldType::ObjectId, "companyId", "companies");
    QCOMPARE(formatter.displayText(company, QJsonValue("c1")), QStringLiteral("Acme"));
    QCOMPARE(formatter.toolTip(company, QJsonValue("c1")), QStringLiteral("c1"));
    QCOMPARE(asked, QStringList {"companies/c1"});
    // Unknown ids fall back to the id.
    QCOMPARE(formatter.displayText(company, QJsonValue("c2")), QStringLiteral("c2"));

    const ObjectColumn members = column(FieldType::List, "users", "users");
    const QJsonValue ids = json("[\"c1\",\"u9\"]");
    QCOMPARE(formatter.displayText(members, ids), QStringLiteral("Acme, u9"));
    QCOMPARE(formatter.toolTip(members, ids), QStringLiteral("c1, u9"));
    QCOMPARE(formatter.toolTip(company, QJsonValue()), QString());
}

void TestValueFormatter::ownIdIsShownAsIs()
{
    ValueFormatter formatter(us);
    formatter.setNameLookup([](const QString &, const QString &) { return QStringLiteral("X"); });
    const ObjectColumn id = column(FieldType::ObjectId, "_id", "companies");
    QVERIFY(!id.isReference());
    QCOMPARE(formatter.displayText(id, QJsonValue("abc")), QStringLiteral("abc"));
}

void TestValueFormatter::longTextHasTooltip()
{
    const ValueFormatter formatter(us);
    const QString longText(ValueFormatter::longTextLength + 1, QLatin1Char('x'));
    QCOMPARE(formatter.toolTip(column(FieldType::Text), QJsonValue(longText)), longText);
    QCOMPARE(formatter.toolTip(column(FieldType::Text), QJsonValue("short")), QString());
    QCOMPARE(formatter.toolTip(column(FieldType::Text), QJsonValue("two\nlines")),
             QStringLiteral("two\nlines"));
}

void TestValueFormatter::checkState()
{
    QCOMPARE(ValueFormatter::checkState(QJsonValue(true)), int(Qt::Checked));
    QCOMPARE(ValueFormatter::checkState(QJsonValue(false)), int(Qt::Unchecked));
    QCOMPARE(ValueFormatter::checkState(QJsonValue("true")), int(Qt::Checked));
    QCOMPARE(ValueFormatter::checkState(QJsonValue()), -1);
    QCOMPARE(ValueFormatter::checkState(QJsonValue(1)), -1);
}

void TestValueFormatter::columnReadsCustomFieldPath()
{
    const QJsonObject record = json("{\"name\":\"A\",\"custom\":{\"Next QBR\":\"x\","
                                    "\"v1.2\":3},\"usage\":{\"logins\":{\"week\":4}}}")
                                   .toObject();
    QCOMPARE(column(FieldType::Text, "custom.Next QBR").valueIn(record), QJsonValue("x"));
    QCOMPARE(column(FieldType::Number, "custom.v1.2").valueIn(record), QJsonValue(3));
    QCOMPARE(column(FieldType::Number, "usage.logins.week").valueIn(record), QJsonValue(4));
    QVERIFY(column(FieldType::Text, "custom.Missing").valueIn(record).isUndefined());
    QVERIFY(column(FieldType::Text, "name.sub").valueIn(record).isUndefined());
    QCOMPARE(column(FieldType::Text, "name").valueIn(record), QJsonValue("A"));
}

void TestValueFormatter::sortKeysCompareByType()
{
    const ValueFormatter formatter(us);
    QCollator collator(us);
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    const auto key = [&](FieldType type, const char *value) {
        return SortKey::forValue(column(type), json(value), formatter, collator);
    };
    QVERIFY(key(FieldType::Number, "2").compare(key(FieldType::Number, "10")) < 0);
    QVERIFY(key(FieldType::Number, "\"2\"").compare(key(FieldType::Number, "10")) < 0);
    QVERIFY(key(FieldType::Number, "-1").compare(key(FieldType::Number, "-1")) == 0);
    QVERIFY(key(FieldType::Text, "\"Company 2\"").compare(key(FieldType::Text, "\"Company 10\""))
            < 0);
    QVERIFY(key(FieldType::Text, "\"apple\"").compare(key(FieldType::Text, "\"Banana\"")) < 0);
    QVERIFY(key(FieldType::Text, "\"Banana\"").compare(key(FieldType::Text, "\"apple\"")) > 0);
    QVERIFY(key(FieldType::DayNumber, "9").compare(key(FieldType::DayNumber, "10")) < 0);
    QVERIFY(key(FieldType::Boolean, "false").compare(key(FieldType::Boolean, "true")) < 0);
    // A number that came as text in a number column still sorts before texts.
    QVERIFY(key(FieldType::Number, "5").compare(key(FieldType::Number, "\"n/a\"")) < 0);
    QVERIFY(key(FieldType::Text, "null").isEmpty());
    QVERIFY(key(FieldType::Text, "\"\"").isEmpty());
    QVERIFY(key(FieldType::List, "[]").isEmpty());
    QCOMPARE(key(FieldType::Text, "null").compare(SortKey()), 0);
}

void TestValueFormatter::sortKeysOfDatesAreChronological()
{
    const ValueFormatter formatter(us);
    const QCollator collator(us);
    const auto key = [&](const char *value) {
        return SortKey::forValue(column(FieldType::Date), json(value), formatter, collator);
    };
    // Text order would put these the other way round.
    QVERIFY(key("\"2024-01-01T03:00:00+05:00\"").compare(key("\"2023-12-31T23:00:00.000Z\"")) < 0);
    QVERIFY(key("\"2023-05-01\"").compare(key("\"2023-05-01T00:00:01.000Z\"")) < 0);
    QCOMPARE(key("\"2023-05-01\"").kind(), SortKey::Kind::Number);
}

QTEST_GUILESS_MAIN(TestValueFormatter)
#include "tst_valueformatter.moc"
