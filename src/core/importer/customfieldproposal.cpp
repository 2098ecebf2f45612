// SPDX-License-Identifier: MIT
#include "customfieldproposal.h"

#include "data/fieldpath.h"
#include "importmapping.h"
#include "schema/objecttype.h"
#include "schema/schema.h"
#include "valueconverter.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace Planhat {

namespace {

const QString numberType = QStringLiteral("number");
const QString dateType = QStringLiteral("date");
const QString checkboxType = QStringLiteral("checkbox");
const QString listType = QStringLiteral("list");
const QString textType = QStringLiteral("text");

constexpr ColumnOptions::DateFormat dateFormats[]
    = {ColumnOptions::DateFormat::Iso8601, ColumnOptions::DateFormat::YearMonthDay,
       ColumnOptions::DateFormat::DayMonthYear, ColumnOptions::DateFormat::MonthDayYear};

/// "0042", "-007": written with a leading zero, so a code whose zeros matter.
bool hasLeadingZero(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[+-]?0\\d"));
    return pattern.match(text).hasMatch();
}

} // namespace

// ---- ColumnValueGuess ---------------------------------------------------------------------

void ColumnValueGuess::add(const QString &cell)
{
    const QString text = cell.trimmed();
    if (text.isEmpty())
        return;
    ++m_values;
    double number = 0;
    if (m_allNumbers
        && (hasLeadingZero(text) || !ValueConverter::parseNumber(text, false, &number)))
        m_allNumbers = false;
    if (m_allCommaNumbers
        && (hasLeadingZero(text) || !ValueConverter::parseNumber(text, true, &number)))
        m_allCommaNumbers = false;
    if (m_onlyZeroOne && text != QLatin1String("0") && text != QLatin1String("1"))
        m_onlyZeroOne = false;
    bool flag = false;
    if (m_allBooleans && !ValueConverter::parseBoolean(text, &flag))
        m_allBooleans = false;
    for (int i = 0; i < DateCandidates; ++i) {
        QDateTime dateTime;
        if (m_dateFits[i] && !ValueConverter::parseDate(text, dateFormats[i], &dateTime))
            m_dateFits[i] = false;
    }
    if (m_listable) {
        if (text.size() > maxListValueLength || text.contains(QLatin1Char('\n'))
            || text.contains(QLatin1Char('\r'))) {
            m_listable = false;
        } else {
            const QString key = text.toCaseFolded();
            if (!m_distinct.contains(key))
                m_distinct.insert(key, text);
            if (m_distinct.size() > maxListValues)
                m_listable = false;
        }
        if (!m_listable)
            m_distinct.clear();
    }
}

QString ColumnValueGuess::planhatType() const
{
    if (m_values == 0)
        return textType;
    if (m_allNumbers || m_allCommaNumbers)
        return numberType;
    for (const bool fits : m_dateFits) {
        if (fits)
            return dateType;
    }
    if (m_allBooleans && !m_onlyZeroOne)
        return checkboxType;
    if (m_listable && qint64(m_distinct.size()) * 2 <= m_values)
        return listType;
    return textType;
}

QStringList ColumnValueGuess::listValues() const
{
    return planhatType() == listType ? distinctValues() : QStringList();
}

QStringList ColumnValueGuess::distinctValues() const
{
    if (!m_listable)
        return {};
    QStringList values = m_distinct.values();
    std::sort(values.begin(), values.end(), [](const QString &a, const QString &b) {
        const int order = a.compare(b, Qt::CaseInsensitive);
        return order != 0 ? order < 0 : a < b;
    });
    return values;
}

ColumnOptions ColumnValueGuess::options() const
{
    ColumnOptions options;
    const QString type = planhatType();
    if (type == numberType) {
        // "1,5" is read with a decimal comma only when the point reading fails somewhere.
        options.decimalComma = !m_allNumbers && m_allCommaNumbers;
    } else if (type == dateType) {
        for (int i = 0; i < DateCandidates; ++i) {
            if (m_dateFits[i]) {
                options.dateFormat = dateFormats[i];
                break;
            }
        }
    }
    return options;
}

// ---- CustomFieldProposal ------------------------------------------------------------------

QStringList CustomFieldProposal::allowedTypes()
{
    // The schema's definition type holds the documented list.
    const ObjectType *definitions = Schema::builtin().type(QStringLiteral("customfields"));
    const FieldSpec *type = definitions ? definitions->field(QStringLiteral("type")) : nullptr;
    return type ? type->allowedValues : QStringList();
}

bool CustomFieldProposal::isListType(const QString &planhatType)
{
    return planhatType == QLatin1String("list") || planhatType == QLatin1String("multipicklist");
}

CustomFieldProposal CustomFieldProposal::retyped(const QString &type) const
{
    CustomFieldProposal edited = *this;
    if (type == planhatType)
        return edited;
    edited.planhatType = type;
    edited.listValues = isListType(type) ? seenValues : QStringList();
    edited.options = ColumnOptions();
    return edited;
}

QJsonObject CustomFieldProposal::definition(const ObjectType &type) const
{
    QJsonObject json {{QStringLiteral("name"), name},
                      {QStringLiteral("type"), planhatType},
                      {QStringLiteral("parent"), type.customFieldParent},
                      // Documented as required; a new field is shown like any other.
                      {QStringLiteral("isHidden"), false}};
    if (planhatType == listType || planhatType == QLatin1String("multipicklist"))
        json.insert(QStringLiteral("listValues"), QJsonArray::fromStringList(listValues));
    return json;
}

QString CustomFieldProposal::fieldName() const
{
    return FieldPath::customField(name);
}

QString CustomFieldProposal::describe() const
{
    QString type = planhatType;
    if (!listValues.isEmpty())
        type += QStringLiteral(": ") + listValues.join(QStringLiteral(", "));
    return QStringLiteral("\"%1\" (%2)").arg(name, type);
}

void CustomFieldProposal::applyTo(ImportMapping *mapping) const
{
    if (column < 0 || column >= mapping->columns().size())
        return;
    mapping->setField(column, fieldName());
    ColumnOptions &columnOptions = mapping->columns()[column].options;
    columnOptions.dateFormat = options.dateFormat;
    columnOptions.decimalComma = options.decimalComma;
}

QString CustomFieldProposal::nameProblem(const QString &name, const ObjectType &type)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("a custom field needs a name");
    // Custom values are stored under their name as a key: a dot would read as a path and a
    // leading $ as an operator.
    if (trimmed.contains(QLatin1Char('.')) || trimmed.startsWith(QLatin1Char('$')))
        return QStringLiteral("\"%1\": a custom field name cannot contain \".\" or start "
                              "with \"$\"")
            .arg(trimmed);
    const QString key = ImportMapping::normalized(trimmed);
    for (const FieldSpec &field : type.fields) {
        const bool clash = ImportMapping::normalized(field.name) == key
            || ImportMapping::normalized(field.displayName) == key
            || (field.isCustom() && ImportMapping::normalized(field.customKey()) == key);
        if (clash) {
            return QStringLiteral("\"%1\": %2 already have a field %3")
                .arg(trimmed, type.pluralName.toLower(), field.name);
        }
    }
    return QString();
}

QList<int> CustomFieldProposal::candidateColumns(const ObjectType &type,
                                                 const ImportMapping &mapping)
{
    QList<int> columns;
    QSet<QString> seen;
    for (int i = 0; i < mapping.columns().size(); ++i) {
        const ColumnMapping &column = mapping.columns().at(i);
        const QString key = ImportMapping::normalized(column.header);
        if (!column.isIgnored() || key.isEmpty() || seen.contains(key))
            continue;
        seen.insert(key);
        if (nameProblem(column.header, type).isEmpty())
            columns.append(i);
    }
    return columns;
}

CustomFieldProposal CustomFieldProposal::fromGuess(int column, const QString &header,
                                                   const ColumnValueGuess &guess)
{
    CustomFieldProposal proposal;
    proposal.column = column;
    proposal.header = header;
    proposal.name = header.trimmed();
    proposal.planhatType = guess.planhatType();
    proposal.listValues = guess.listValues();
    proposal.seenValues = guess.distinctValues();
    proposal.options = guess.options();
    proposal.sampledValues = guess.valueCount();
    return proposal;
}

bool CustomFieldProposal::sampleFile(const QString &filePath, const TableOptions &options,
                                     const QList<int> &columns, qint64 maxRows,
                                     QHash<int, ColumnValueGuess> *guesses, QString *error)
{
    guesses->clear();
    for (const int column : columns)
        guesses->insert(column, ColumnValueGuess());
    // The same reading as the planner's: a CSV file or a workbook's sheet.
    const std::unique_ptr<TableReader> reader = TableReader::open(filePath, options, error);
    if (!reader)
        return false;
    reader->start();
    CsvRow row;
    for (qint64 read = 0; read < maxRows && reader->readRow(row); ++read) {
        for (auto it = guesses->begin(); it != guesses->end(); ++it) {
            if (it.key() < row.size())
                it.value().add(row.value(it.key()));
        }
    }
    return true;
}

bool CustomFieldProposal::proposeFromFile(const QString &filePath, const TableOptions &options,
                                          const ObjectType &type, const ImportMapping &mapping,
                                          QList<CustomFieldProposal> *proposals, QString *error)
{
    proposals->clear();
    const QList<int> columns = candidateColumns(type, mapping);
    if (columns.isEmpty())
        return true;
    QHash<int, ColumnValueGuess> guesses;
    if (!sampleFile(filePath, options, columns, sampleRows, &guesses, error))
        return false;
    for (const int column : columns) {
        const ColumnValueGuess &guess = guesses[column];
        if (guess.valueCount() > 0)
            proposals->append(fromGuess(column, mapping.columns().at(column).header, guess));
    }
    return true;
}

} // namespace Planhat
