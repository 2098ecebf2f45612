// SPDX-License-Identifier: MIT
#include "importer/valueconverter.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Planhat;

Q_DECLARE_METATYPE(ConvertedValue::Kind)
Q_DECLARE_METATYPE(ColumnOptions)

class TestValueConverter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void converts_data();
    void converts();
    void emptyCells();
    void listValuesUseTheSeparator();
    void numbersWithGrouping_data();
    void numbersWithGrouping();
};

namespace {

FieldSpec standardField(const char *type, const char *field)
{
    return *Schema::builtin().type(QLatin1String(type))->field(QLatin1String(field));
}

FieldSpec customField(const char *planhatType, const QStringList &values = {})
{
    return CustomFieldCatalog::fieldFromDefinition("Custom", QLatin1String(planhatType), values);
}

ColumnOptions withDateFormat(ColumnOptions::DateFormat format)
{
    ColumnOptions options;
    options.dateFormat = format;
    return options;
}

ColumnOptions withDecimalComma()
{
    ColumnOptions options;
    options.decimalComma = true;
    return options;
}

} // namespace

void TestValueConverter::converts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<FieldSpec>("field");
    QTest::addColumn<ColumnOptions>("options");
    QTest::addColumn<ConvertedValue::Kind>("kind");
    QTest::addColumn<QByteArray>("json"); // the value as JSON, or a part of the message

    const auto V = ConvertedValue::Kind::Value;
    const auto I = ConvertedValue::Kind::Invalid;
    const FieldSpec name = standardField("companies", "name");
    const FieldSpec mrr = standardField("licenses", "mrr");
    const FieldSpec fromDate = standardField("licenses", "fromDate");
    const FieldSpec invoiceDate = standardField("invoices", "invoiceDate");
    const FieldSpec companyId = standardField("endusers", "companyId");
    const FieldSpec featured = standardField("endusers", "featured");
    const FieldSpec status = standardField("invoices", "status");
    const ColumnOptions plain;

    QTest::newRow("text trimmed") << "  Acme  " << name << plain << V << QByteArray("\"Acme\"");
    QTest::newRow("number") << "1234.5" << mrr << plain << V << QByteArray("1234.5");
    QTest::newRow("negative number") << "-12" << mrr << plain << V << QByteArray("-12");
    QTest::newRow("decimal comma")
        << "1.234,5" << mrr << withDecimalComma() << V << QByteArray("1234.5");
    QTest::newRow("not a number") << "12 apples" << mrr << plain << I
                                  << QByteArray("is not a number");
    QTest::newRow("comma without option")
        << "1,5" << mrr << plain << I << QByteArray("is not a number");
    QTest::newRow("bool yes") << "Yes" << featured << plain << V << QByteArray("true");
    QTest::newRow("bool 0") << "0" << featured << plain << V << QByteArray("false");
    QTest::newRow("bool x") << "x" << featured << plain << V << QByteArray("true");
    QTest::newRow("bool nonsense")
        << "maybe" << featured << plain << I << QByteArray("is not yes or no");
    QTest::newRow("iso date") << "2024-03-01" << fromDate << plain << V
                              << QByteArray("\"2024-03-01T00:00:00.000Z\"");
    QTest::newRow("iso date time utc") << "2024-03-01T10:30:00Z" << fromDate << plain << V
                                       << QByteArray("\"2024-03-01T10:30:00.000Z\"");
    QTest::newRow("iso date time offset") << "2024-03-01T10:30:00+02:00" << fromDate << plain << V
                                          << QByteArray("\"2024-03-01T08:30:00.000Z\"");
    QTest::newRow("dd/MM/yyyy") << "31/03/2024" << fromDate
                                << withDateFormat(ColumnOptions::DateFormat::DayMonthYear) << V
                                << QByteArray("\"2024-03-31T00:00:00.000Z\"");
    QTest::newRow("dd.MM.yyyy") << "1.3.2024" << fromDate
                                << withDateFormat(ColumnOptions::DateFormat::DayMonthYear) << V
                                << QByteArray("\"2024-03-01T00:00:00.000Z\"");
    QTest::newRow("MM/dd/yyyy") << "03/31/2024" << fromDate
                                << withDateFormat(ColumnOptions::DateFormat::MonthDayYear) << V
                                << QByteArray("\"2024-03-31T00:00:00.000Z\"");
    QTest::newRow("MM/dd/yyyy impossible")
        << "31/03/2024" << fromDate << withDateFormat(ColumnOptions::DateFormat::MonthDayYear) << I
        << QByteArray("MM/dd/yyyy");
    QTest::newRow("yyyy/MM/dd") << "2024/3/31" << fromDate
                                << withDateFormat(ColumnOptions::DateFormat::YearMonthDay) << V
                                << QByteArray("\"2024-03-31T00:00:00.000Z\"");
    QTest::newRow("excel serial") << "45383" << fromDate
                                  << withDateFormat(ColumnOptions::DateFormat::ExcelSerial) << V
                                  << QByteArray("\"2024-04-01T00:00:00.000Z\"");
    QTest::newRow("excel serial with time")
        << "45383.5" << fromDate << withDateFormat(ColumnOptions::DateFormat::ExcelSerial) << V
        << QByteArray("\"2024-04-01T12:00:00.000Z\"");
    QTest::newRow("february 30") << "2024-02-30" << fromDate << plain << I
                                 << QByteArray("ISO 8601");
    QTest::newRow("day number from date")
        << "2024-03-01" << invoiceDate << plain << V << QByteArray("19783");
    QTest::newRow("day number as number")
        << "19783" << invoiceDate << plain << V << QByteArray("19783");
    QTest::newRow("day number from excel")
        << "45383" << invoiceDate << withDateFormat(ColumnOptions::DateFormat::ExcelSerial) << V
        << QByteArray("19814");
    QTest::newRow("object id") << "5f0000000000000000000abc" << companyId << plain << V
                               << QByteArray("\"5f0000000000000000000abc\"");
    QTest::newRow("extid reference")
        << "extid-acme" << companyId << plain << V << QByteArray("\"extid-acme\"");
    QTest::newRow("srcid reference")
        << "srcid-0012" << companyId << plain << V << QByteArray("\"srcid-0012\"");
    QTest::newRow("bad reference")
        << "Acme Inc" << companyId << plain << I << QByteArray("is not an id");
    QTest::newRow("enum, any case") << "PAID" << status << plain << V << QByteArray("\"paid\"");
    QTest::newRow("enum unknown") << "refunded" << status << plain << I
                                  << QByteArray("is not one of: pending, paid, overdue");
    QTest::newRow("custom list") << "amer" << customField("list", {"EMEA", "AMER"}) << plain << V
                                 << QByteArray("\"AMER\"");
    QTest::newRow("custom rating") << "4" << customField("rating") << plain << V << QByteArray("4");
    QTest::newRow("custom team member")
        << "nobody" << customField("team member") << plain << I << QByteArray("is not an id");
    QTest::newRow("object") << R"({"a": 1})" << standardField("assets", "usage") << plain << V
                            << QByteArray(R"({"a":1})");
    QTest::newRow("not an object")
        << "[1]" << standardField("assets", "usage") << plain << I << QByteArray("JSON object");
}

void TestValueConverter::converts()
{
    QFETCH(QString, text);
    QFETCH(FieldSpec, field);
    QFETCH(ColumnOptions, options);
    QFETCH(ConvertedValue::Kind, kind);
    QFETCH(QByteArray, json);
    const ConvertedValue converted = ValueConverter::convert(text, field, options);
    QCOMPARE(converted.kind, kind);
    if (kind == ConvertedValue::Kind::Invalid) {
        QVERIFY2(converted.message.contains(QString::fromUtf8(json)),
                 qPrintable(converted.message));
        QVERIFY2(converted.message.contains(text.trimmed()), "the message quotes the cell");
        return;
    }
    const QByteArray actual
        = QJsonDocument(QJsonArray {converted.value}).toJson(QJsonDocument::Compact);
    QCOMPARE(actual, "[" + json + "]");
}

void TestValueConverter::emptyCells()
{
    const FieldSpec name = standardField("companies", "name");
    ColumnOptions options;
    QCOMPARE(ValueConverter::convert("   ", name, options).kind, ConvertedValue::Kind::Skip);
    options.emptyCell = ColumnOptions::EmptyCell::Clear;
    const ConvertedValue cleared = ValueConverter::convert("", name, options);
    QCOMPARE(cleared.kind, ConvertedValue::Kind::Value);
    QVERIFY(cleared.value.isNull());
    // Without trimming, spaces are text.
    options.trim = false;
    QCOMPARE(ValueConverter::convert(" ", name, options).value.toString(), QStringLiteral(" "));
}

void TestValueConverter::listValuesUseTheSeparator()
{
    const FieldSpec products = customField("multipicklist", {"Core", "Analytics", "Integrations"});
    ColumnOptions options;
    ConvertedValue converted = ValueConverter::convert("core; analytics ;", products, options);
    QCOMPARE(converted.kind, ConvertedValue::Kind::Value);
    QCOMPARE(converted.value.toArray(), (QJsonArray {"Core", "Analytics"}));

    options.listSeparator = "|";
    converted = ValueConverter::convert("Core|Mobile", products, options);
    QCOMPARE(converted.kind, ConvertedValue::Kind::Invalid);
    QVERIFY2(converted.message.contains("\"Mobile\""), qPrintable(converted.message));

    const FieldSpec tags = standardField("companies", "tags");
    converted = ValueConverter::convert("vip;beta", tags, ColumnOptions());
    QCOMPARE(converted.value.toArray(), (QJsonArray {"vip", "beta"}));
}

void TestValueConverter::numbersWithGrouping_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("decimalComma");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("value");
    QTest::newRow("grouped") << "1,234,567.25" << false << true << 1234567.25;
    QTest::newRow("grouped comma decimal") << "1.234.567,25" << true << true << 1234567.25;
    QTest::newRow("spaces") << "1 234 567" << false << true << 1234567.0;
    QTest::newRow("no-break space") << QString("12\u00A0500,5") << true << true << 12500.5;
    QTest::newRow("badly grouped") << "12,34" << false << false << 0.0;
    QTest::newRow("dot with decimal comma") << "1.5" << true << false << 0.0;
    QTest::newRow("exponent") << "1e3" << false << true << 1000.0;
    QTest::newRow("infinity") << "inf" << false << false << 0.0;
}

void TestValueConverter::numbersWithGrouping()
{
    QFETCH(QString, text);
    QFETCH(bool, decimalComma);
    QFETCH(bool, ok);
    QFETCH(double, value);
    double parsed = 0;
    QCOMPARE(ValueConverter::parseNumber(text, decimalComma, &parsed), ok);
    if (ok)
        QCOMPARE(parsed, value);
}

QTEST_GUILESS_MAIN(TestValueConverter)
#include "tst_valueconverter.moc"
