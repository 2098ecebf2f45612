// SPDX-License-Identifier: MIT
#pragma once

#include "csv/csvformat.h"
#include "exitcode.h"
#include "importer/customfieldproposal.h"
#include "importer/importmapping.h"
#include "schema/objecttype.h"

#include <QCommandLineOption>
#include <QObject>

#include <functional>

namespace Planhat {

class CliContext;
class PlanhatClient;

/// `import --create-fields`: between reading the file's headers and planning, proposes a
/// custom field for each column no field fills (CustomFieldProposal::proposeFromFile()),
/// lists the proposals on stderr, asks (unless --yes), creates them one by one and hands on
/// the type with the tenant's fields read back. With --dry-run it creates nothing and
/// hands on the type with the proposed fields added, so the plan reads the columns as
/// they would be read.
class CreateFieldsStep final : public QObject
{
    Q_OBJECT
public:
    static QCommandLineOption option();
    /// `--field-type COLUMN=TYPE`, repeatable: the type of the field created for the column
    /// headed COLUMN instead of the guessed one.
    static QCommandLineOption typeOption();

    struct Input
    {
        PlanhatClient *client = nullptr;
        ObjectType type; ///< with the tenant's custom fields
        QString filePath;
        TableOptions tableOptions; ///< how the file is read (CSV options or the sheet)
        ImportMapping mapping; ///< the mapping the import starts from
        bool dryRun = false;
        bool confirmed = false; ///< --yes
        QStringList fieldTypes; ///< --field-type values, "COLUMN=TYPE"
    };
    /// `ask` puts a yes/no question to the user; `done` gets the type to plan with and the
    /// fields to map; `failed` the exit code once the reason is printed.
    using Ask = std::function<bool(const QString &question)>;
    using Done
        = std::function<void(const ObjectType &type, const QList<CustomFieldProposal> &fields)>;
    using Failed = std::function<void(ExitCode code)>;

    /// Runs the step as a child of `parent` (deleted once it is over).
    static void run(QObject *parent, CliContext &context, const Input &input, Ask ask, Done done,
                    Failed failed);

private:
    CreateFieldsStep(QObject *parent, CliContext &context, const Input &input, Ask ask, Done done,
                     Failed failed);
    void start();
    void create(const QList<CustomFieldProposal> &proposals);
    /// Applies --field-type to `proposals`; false (with the reason printed) when one names
    /// no proposed column or no type Planhat takes.
    bool applyFieldTypes(QList<CustomFieldProposal> *proposals);

    CliContext &m_context;
    Input m_input;
    Ask m_ask;
    Done m_done;
    Failed m_failed;
};

} // namespace Planhat
