// SPDX-License-Identifier: MIT
// The custom field proposed for a column no field fills: the type guessed from its values,
// which columns get one, and the definition sent for it.
#include "csv/csvformat.h"
#include "importer/customfieldproposal.h"
#include "importer/importmapping.h"
#include "importer/valueconverter.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Planhat;

namespace {

ColumnValueGuess guessOf(const QStringList &cells)
{
    ColumnValueGuess guess;
    for (const QString &cell : cells)
        guess.add(cell);
    return guess;
}

/// Companies with the custom field "Seats" (number), as a tenant would have them.
ObjectType companiesWithSeats()
{
    const CustomFieldCatalog catalog = CustomFieldCatalog::fromJson(
        QJsonArray {QJsonObject {{"name", "Seats"}, {"type", "number"}, {"parent", "company"}}});
    return catalog.apply(*Schema::builtin().type("companies"));
}

} // namespace

class TestCustomFieldProposal final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void guessesTheType_data();
    void guessesTheType();
    void listValuesAreTheDistinctValuesSorted();
    void tooManyOrTooLongValuesAreText();
    void guessesTheDateFormatAndDecimalComma();
    void emptyColumnIsTextWithNoValues();
    void candidateColumnsAreUnmappedAndUnnamed();
    void nameProblems();
    void definitionForTheType();
    void describesAndMapsTheProposal();
    void proposesFromAFile();
    void samplesOnlyTheFirstRows();
    void reportsAFileItCannotRead();
};

void TestCustomFieldProposal::guessesTheType_data()
{
    QTest::addColumn<QStringList>("cells");
    QTest::addColumn<QString>("type");

    QTest::newRow("integers") << QStringList {"12", "7", "300"} << "number";
    QTest::newRow("decimals and negatives")
        << QStringList {"12.5", "-3", "-0.25", "+4", "1,234.5"} << "number";
    QTest::newRow("numbers with empties") << QStringList {"", "12", "  ", "13.5", ""} << "number";
    QTest::newRow("zero and one are numbers") << QStringList {"0", "1", "1", "0"} << "number";
    QTest::newRow("leading zeros are codes")
        << QStringList {"0042", "0107", "0042", "0107"} << "list";
    QTest::newRow("leading zero codes, unique") << QStringList {"0042", "0107", "0311"} << "text";
    QTest::newRow("iso dates") << QStringList {"2024-03-01", "2024-12-31T10:00:00Z", ""} << "date";
    QTest::newRow("day first dates") << QStringList {"31/03/2024", "01/02/2024"} << "date";
    QTest::newRow("month first dates") << QStringList {"03/31/2024", "12/25/2024"} << "date";
    QTest::newRow("booleans") << QStringList {"yes", "No", "TRUE", "false", ""} << "checkbox";
    QTest::newRow("booleans with 1/0") << QStringList {"yes", "0", "1", "no"} << "checkbox";
    QTest::newRow("x marks") << QStringList {"x", "", "x", "n"} << "checkbox";
    QTest::newRow("repeated words") << QStringList {"Gold", "Silver", "Gold", "Silver"} << "list";
    QTest::newRow("list ignores case") << QStringList {"Gold", "gold", "GOLD", "Silver"} << "list";
    QTest::newRow("unique words") << QStringList {"Acme", "Globex", "Initech"} << "text";
    QTest::newRow("numbers mixed with text") << QStringList {"12", "n/a", "13", "14"} << "text";
    QTest::newRow("dates mixed with numbers") << QStringList {"2024-03-01", "12", "x"} << "text";
    QTest::newRow("dates in two formats") << QStringList {"2024-03-01", "31/03/2024"} << "text";
    QTest::newRow("mixed repeated") << QStringList {"12", "n/a", "12", "n/a"} << "list";
}

void TestCustomFieldProposal::guessesTheType()
{
    QFETCH(QStringList, cells);
    QFETCH(QString, type);
    QCOMPARE(guessOf(cells).planhatType(), type);
}

void TestCustomFieldProposal::listValuesAreTheDistinctValuesSorted()
{
    const ColumnValueGuess guess
        = guessOf({"Silver", "gold", "", "Bronze", "Gold", "Silver", "bronze", " Silver "});
    QCOMPARE(guess.planhatType(), QStringLiteral("list"));
    // The first spelling of each value, sorted regardless of case.
    QCOMPARE(guess.listValues(), QStringList({"Bronze", "gold", "Silver"}));
    QCOMPARE(guess.valueCount(), 7);
    // A text guess has no list values, but keeps the values seen for a user choosing list.
    const ColumnValueGuess unique = guessOf({"b", "a", "c"});
    QCOMPARE(unique.planhatType(), QStringLiteral("text"));
    QVERIFY(unique.listValues().isEmpty());
    QCOMPARE(unique.distinctValues(), QStringList({"a", "b", "c"}));
}

void TestCustomFieldProposal::tooManyOrTooLongValuesAreText()
{
    // 21 distinct values, each seen twice: more than a list holds.
    QStringList many;
    for (int i = 0; i <= ColumnValueGuess::maxListValues; ++i)
        many << QStringLiteral("v%1").arg(i) << QStringLiteral("v%1").arg(i);
    ColumnValueGuess guess = guessOf(many);
    QCOMPARE(guess.planhatType(), QStringLiteral("text"));
    QVERIFY(guess.distinctValues().isEmpty());
    // Exactly the maximum is still a list.
    many.removeLast();
    many.removeLast();
    QCOMPARE(guessOf(many).planhatType(), QStringLiteral("list"));
    QCOMPARE(guessOf(many).listValues().size(), ColumnValueGuess::maxListValues);

    const QString longValue(ColumnValueGuess::maxListValueLength + 1, QLatin1Char('a'));
    QCOMPARE(guessOf({longValue, longValue, "b", "b"}).planhatType(), QStringLiteral("text"));
    QCOMPARE(guessOf({"two\nlines", "two\nlines"}).planhatType(), QStringLiteral("text"));
}

void TestCustomFieldProposal::guessesTheDateFormatAndDecimalComma()
{
    using DateFormat = ColumnOptions::DateFormat;
    QCOMPARE(guessOf({"2024-03-01"}).options().dateFormat, DateFormat::Iso8601);
    // Year first with slashes: the ISO reading takes them too; the guess is a format that
    // reads every value.
    const ColumnValueGuess slashes = guessOf({"2024/03/01", "2024/12/31"});
    QCOMPARE(slashes.planhatType(), QStringLiteral("date"));
    for (const QString &text : {QStringLiteral("2024/03/01"), QStringLiteral("2024/12/31")}) {
        QDateTime read;
        QVERIFY(ValueConverter::parseDate(text, slashes.options().dateFormat, &read));
        QCOMPARE(read.date().year(), 2024);
    }
    QCOMPARE(guessOf({"31/03/2024", "01/02/2024"}).options().dateFormat, DateFormat::DayMonthYear);
    QCOMPARE(guessOf({"03/31/2024", "12/25/2024"}).options().dateFormat, DateFormat::MonthDayYear);
    // Both readings fit: day first wins.
    QCOMPARE(guessOf({"01/02/2024", "03/04/2024"}).options().dateFormat, DateFormat::DayMonthYear);

    QVERIFY(!guessOf({"12.5", "3"}).options().decimalComma);
    const ColumnValueGuess comma = guessOf({"12,5", "-3", "1.234,75"});
    QCOMPARE(comma.planhatType(), QStringLiteral("number"));
    QVERIFY(comma.options().decimalComma);
    // Other types keep the default options.
    QCOMPARE(guessOf({"a", "a"}).options(), ColumnOptions());
}

void TestCustomFieldProposal::emptyColumnIsTextWithNoValues()
{
    const ColumnValueGuess guess = guessOf({"", " ", ""});
    QCOMPARE(guess.valueCount(), 0);
    QCOMPARE(guess.planhatType(), QStringLiteral("text"));
    QVERIFY(guess.listValues().isEmpty());
}

void TestCustomFieldProposal::candidateColumnsAreUnmappedAndUnnamed()
{
    const ObjectType type = companiesWithSeats();
    const QStringList headers {"externalId", "Name",  "Tier",    "Seats",  "",
                               "tier",       "Score", "Domains", " Phase "};
    ImportMapping mapping = ImportMapping::autoMatch(type, headers);
    QCOMPARE(mapping.columns().at(3).field, QStringLiteral("custom.Seats"));
    // The user ignores Seats and Phase: their headers still name fields, so nothing is
    // proposed for them.
    mapping.setField(3, QString());
    mapping.setField(8, QString());
    // Domains is read-only (never auto-matched) and names a field; the empty header has no
    // name; the second "tier" is the same name as "Tier".
    QCOMPARE(CustomFieldProposal::candidateColumns(type, mapping), QList<int>({2, 6}));
}

void TestCustomFieldProposal::nameProblems()
{
    const ObjectType type = companiesWithSeats();
    QVERIFY(CustomFieldProposal::nameProblem("Tier", type).isEmpty());
    QVERIFY(!CustomFieldProposal::nameProblem("  ", type).isEmpty());
    QVERIFY(CustomFieldProposal::nameProblem("a.b", type).contains("\".\""));
    QVERIFY(!CustomFieldProposal::nameProblem("$set", type).isEmpty());
    const QString clash = CustomFieldProposal::nameProblem("SEATS", type);
    QVERIFY2(clash.contains("custom.Seats"), qPrintable(clash));
    QVERIFY2(CustomFieldProposal::nameProblem("external id", type).contains("externalId"),
             qPrintable(CustomFieldProposal::nameProblem("external id", type)));
}

void TestCustomFieldProposal::definitionForTheType()
{
    CustomFieldProposal proposal;
    proposal.name = "Tier";
    proposal.planhatType = "list";
    proposal.listValues = {"Gold", "Silver"};
    const QJsonObject definition = proposal.definition(*Schema::builtin().type("companies"));
    QCOMPARE(definition.value("name").toString(), QStringLiteral("Tier"));
    QCOMPARE(definition.value("type").toString(), QStringLiteral("list"));
    QCOMPARE(definition.value("parent").toString(), QStringLiteral("company"));
    QCOMPARE(definition.value("isHidden"), QJsonValue(false));
    QCOMPARE(definition.value("listValues").toArray(), QJsonArray({"Gold", "Silver"}));

    proposal.planhatType = "number";
    const QJsonObject number = proposal.definition(*Schema::builtin().type("endusers"));
    QCOMPARE(number.value("parent").toString(), QStringLiteral("enduser"));
    QVERIFY(!number.contains("listValues"));

    // Every type offered is one the API documents.
    const QStringList allowed = CustomFieldProposal::allowedTypes();
    QCOMPARE(allowed.size(), 16);
    for (const char *type : {"number", "date", "checkbox", "list", "text", "multipicklist"})
        QVERIFY(allowed.contains(QLatin1String(type)));
}

void TestCustomFieldProposal::describesAndMapsTheProposal()
{
    const ColumnValueGuess guess = guessOf({"31/03/2024", "01/04/2024"});
    const CustomFieldProposal proposal = CustomFieldProposal::fromGuess(1, " Renewal ", guess);
    QCOMPARE(proposal.name, QStringLiteral("Renewal"));
    QCOMPARE(proposal.header, QStringLiteral(" Renewal "));
    QCOMPARE(proposal.planhatType, QStringLiteral("date"));
    QCOMPARE(proposal.sampledValues, 2);
    QCOMPARE(proposal.describe(), QStringLiteral("\"Renewal\" (date)"));
    QCOMPARE(proposal.fieldName(), QStringLiteral("custom.Renewal"));

    ImportMapping mapping
        = ImportMapping::autoMatch(*Schema::builtin().type("companies"), {"name", " Renewal "});
    QVERIFY(mapping.columns().at(1).isIgnored());
    proposal.applyTo(&mapping);
    QCOMPARE(mapping.columns().at(1).field, QStringLiteral("custom.Renewal"));
    QCOMPARE(mapping.columns().at(1).options.dateFormat, ColumnOptions::DateFormat::DayMonthYear);

    const CustomFieldProposal list
        = CustomFieldProposal::fromGuess(2, "Tier", guessOf({"Gold", "Silver", "Gold", "Silver"}));
    QCOMPARE(list.describe(), QStringLiteral("\"Tier\" (list: Gold, Silver)"));
}

void TestCustomFieldProposal::proposesFromAFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("accounts.csv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("externalId;name;Score;Tier;Notes;Seats;Since\n"
               "a-1;One;10;Gold;;3;2024-01-31\n"
               "a-2;Two;12,5;Silver;;4;\n"
               "a-3;Three;-3;Gold;;;2023-06-01\n"
               "a-4;Four;;Silver;;5;2022-02-02\n");
    file.close();
    const ObjectType type = companiesWithSeats();
    const ImportMapping mapping = ImportMapping::autoMatch(
        type, {"externalId", "name", "Score", "Tier", "Notes", "Seats", "Since"});
    QList<CustomFieldProposal> proposals;
    QString error;
    QVERIFY2(CustomFieldProposal::proposeFromFile(path, TableOptions(), type, mapping, &proposals,
                                                  &error),
             qPrintable(error));
    // Notes has no values; Seats is a field already.
    QCOMPARE(proposals.size(), 3);
    QCOMPARE(proposals.at(0).column, 2);
    QCOMPARE(proposals.at(0).planhatType, QStringLiteral("number"));
    QVERIFY(proposals.at(0).options.decimalComma);
    QCOMPARE(proposals.at(1).column, 3);
    QCOMPARE(proposals.at(1).planhatType, QStringLiteral("list"));
    QCOMPARE(proposals.at(1).listValues, QStringList({"Gold", "Silver"}));
    QCOMPARE(proposals.at(2).column, 6);
    QCOMPARE(proposals.at(2).planhatType, QStringLiteral("date"));
}

void TestCustomFieldProposal::samplesOnlyTheFirstRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("sample.csv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    // Numbers first, a word on the last row.
    file.write("id,Amount\n1,10\n2,20\n3,30\n4,many\n");
    file.close();
    QHash<int, ColumnValueGuess> guesses;
    QString error;
    QVERIFY(CustomFieldProposal::sampleFile(path, TableOptions(), {1}, 3, &guesses, &error));
    QCOMPARE(guesses.value(1).valueCount(), 3);
    QCOMPARE(guesses.value(1).planhatType(), QStringLiteral("number"));
    QVERIFY(CustomFieldProposal::sampleFile(path, TableOptions(), {1}, 10, &guesses, &error));
    QCOMPARE(guesses.value(1).valueCount(), 4);
    QCOMPARE(guesses.value(1).planhatType(), QStringLiteral("text"));
}

void TestCustomFieldProposal::reportsAFileItCannotRead()
{
    QHash<int, ColumnValueGuess> guesses;
    QString error;
    QVERIFY(!CustomFieldProposal::sampleFile("/nonexistent/accounts.csv", TableOptions(), {0}, 10,
                                             &guesses, &error));
    QVERIFY2(error.contains("/nonexistent/accounts.csv"), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestCustomFieldProposal)
#include "tst_customfieldproposal.moc"
