// SPDX-License-Identifier: MIT
#include "createfieldsstep.h"

#include "clicontext.h"
#include "importer/customfieldcreator.h"
#include "importer/importmapping.h"
#include "schema/customfieldcatalog.h"

#include <algorithm>

namespace Planhat {

QCommandLineOption CreateFieldsStep::option()
{
    return QCommandLineOption(QStringLiteral("create-fields"),
                              QStringLiteral("Create a custom field for each column no field "
                                             "fills (named by its header, typed by its values) "
                                             "after asking, and import into it."));
}

QCommandLineOption CreateFieldsStep::typeOption()
{
    return QCommandLineOption(
        QStringLiteral("field-type"),
        QStringLiteral("With --create-fields: create the field for the "
                       "column headed COLUMN as TYPE (%1) instead of the "
                       "type its values suggest. Repeatable.")
            .arg(CustomFieldProposal::allowedTypes().join(QStringLiteral(", "))),
        QStringLiteral("COLUMN=TYPE"));
}

bool CreateFieldsStep::applyFieldTypes(QList<CustomFieldProposal> *proposals)
{
    const QStringList allowed = CustomFieldProposal::allowedTypes();
    for (const QString &spec : std::as_const(m_input.fieldTypes)) {
        const qsizetype equals = spec.lastIndexOf(QLatin1Char('='));
        const QString header = spec.left(equals).trimmed();
        const QString type = spec.mid(equals + 1).trimmed().toLower();
        if (equals <= 0 || !allowed.contains(type)) {
            m_context.printError(QStringLiteral("--field-type %1: expected COLUMN=TYPE with TYPE "
                                                "one of %2")
                                     .arg(spec, allowed.join(QStringLiteral(", "))));
            return false;
        }
        const auto proposal = std::find_if(
            proposals->begin(), proposals->end(), [&header](const CustomFieldProposal &p) {
                return p.header.trimmed().compare(header, Qt::CaseInsensitive) == 0;
            });
        if (proposal == proposals->end()) {
            m_context.printError(QStringLiteral("--field-type %1: no custom field is proposed "
                                                "for a column headed \"%2\"")
                                     .arg(spec, header));
            return false;
        }
        *proposal = proposal->retyped(type);
    }
    return true;
}

CreateFieldsStep::CreateFieldsStep(QObject *parent, CliContext &context, const Input &input,
                                   Ask ask, Done done, Failed failed)
    : QObject(parent)
    , m_context(context)
    , m_input(input)
    , m_ask(std::move(ask))
    , m_done(std::move(done))
    , m_failed(std::move(failed))
{ }

void CreateFieldsStep::run(QObject *parent, CliContext &context, const Input &input, Ask ask,
                           Done done, Failed failed)
{
    (new CreateFieldsStep(parent, context, input, std::move(ask), std::move(done),
                          std::move(failed)))
        ->start();
}

void CreateFieldsStep::start()
{
    const ObjectType &type = m_input.type;
    const QString plural = type.pluralName.toLower();
    QList<CustomFieldProposal> proposals;
    QString error;
    // Reads at most CustomFieldProposal::sampleRows rows: a blocking pass is fine here.
    if (!CustomFieldProposal::proposeFromFile(m_input.filePath, m_input.tableOptions, type,
                                              m_input.mapping, &proposals, &error)) {
        m_context.printError(error);
        deleteLater();
        m_failed(ExitCode::Usage);
        return;
    }
    for (const int column : CustomFieldProposal::candidateColumns(type, m_input.mapping)) {
        const bool proposed = std::any_of(
            proposals.cbegin(), proposals.cend(),
            [column](const CustomFieldProposal &proposal) { return proposal.column == column; });
        if (!proposed) {
            m_context.printNote(
                QStringLiteral("column %1 (\"%2\") matches no field and has no "
                               "values: no custom field is created for it")
                    .arg(QString::number(column + 1), m_input.mapping.columns().at(column).header));
        }
    }
    if (!applyFieldTypes(&proposals)) {
        deleteLater();
        m_failed(ExitCode::Usage);
        return;
    }
    if (proposals.isEmpty()) {
        m_context.printNote(QStringLiteral("planhat-cli: no custom field to create"));
        deleteLater();
        m_done(type, {});
        return;
    }
    for (const CustomFieldProposal &proposal : std::as_const(proposals)) {
        m_context.printNote(QStringLiteral("%1 custom field %2 on %3 for column %4")
                                .arg(m_input.dryRun ? QStringLiteral("would create")
                                                    : QStringLiteral("will create"),
                                     proposal.describe(), plural,
                                     QString::number(proposal.column + 1)));
    }
    if (m_input.dryRun) {
        m_context.printNote(QStringLiteral("planhat-cli: dry run: no custom field was created; "
                                           "the plan reads those columns as the new fields "
                                           "would"));
        // The proposed fields as the tenant would have them, so the plan checks the values.
        QList<FieldSpec> fields = type.fields;
        fields.erase(std::remove_if(fields.begin(), fields.end(),
                                    [](const FieldSpec &field) { return !field.isCustom(); }),
                     fields.end());
        for (const CustomFieldProposal &proposal : std::as_const(proposals)) {
            fields.append(CustomFieldCatalog::fieldFromDefinition(
                proposal.name, proposal.planhatType, proposal.listValues));
        }
        deleteLater();
        m_done(type.withCustomFields(fields), proposals);
        return;
    }
    if (!m_input.confirmed
        && !m_ask(QStringLiteral("Create %1 custom field(s) on %2? Type yes: ")
                      .arg(proposals.size())
                      .arg(plural))) {
        m_context.printError(QStringLiteral("no custom field was created; import cancelled, "
                                            "nothing was sent"));
        deleteLater();
        m_failed(ExitCode::Usage);
        return;
    }
    create(proposals);
}

void CreateFieldsStep::create(const QList<CustomFieldProposal> &proposals)
{
    const QString plural = m_input.type.pluralName.toLower();
    auto *creator = new CustomFieldCreator(m_input.client, m_input.type, proposals, this);
    connect(creator, &CustomFieldCreator::fieldCreated, this,
            [this, plural](const CustomFieldProposal &proposal) {
                m_context.printNote(
                    QStringLiteral("created custom field \"%1\" on %2").arg(proposal.name, plural));
            });
    connect(
        creator, &CustomFieldCreator::finished, this, [this](const CustomFieldCreation &result) {
            deleteLater();
            if (!result.isOk()) {
                for (const QString &line : result.message.split(QLatin1Char('\n')))
                    m_context.printError(line);
                QStringList names;
                for (const CustomFieldProposal &proposal : result.notCreated)
                    names.append(QLatin1Char('"') + proposal.name + QLatin1Char('"'));
                if (!names.isEmpty()) {
                    m_context.printNote(
                        QStringLiteral("not created: %1").arg(names.join(QStringLiteral(", "))));
                }
                m_context.printError(QStringLiteral("import cancelled; no row was sent"));
                m_failed(exitCodeFor(result.error));
                return;
            }
            // The type as the tenant now has it (custom fields replaced by those read
            // back).
            m_done(result.catalog.apply(m_input.type), result.created);
        });
    creator->start();
}

} // namespace Planhat
