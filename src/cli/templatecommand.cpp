// SPDX-License-Identifier: MIT
#include "templatecommand.h"

#include "clicontext.h"
#include "importcommand.h"
#include "xlsx/importtemplate.h"
#include "xlsx/recordfilewriter.h"

namespace Planhat {

CommandSpec TemplateCommand::spec()
{
    return {QStringLiteral("template"),
            QStringLiteral("template TYPE FILE.xlsx"),
            QStringLiteral("Write an Excel import template for a type, with the tenant's "
                           "custom fields"),
            {},
            2,
            2};
}

void TemplateCommand::run()
{
    const QStringList arguments = m_context.arguments();
    const ObjectType *type = m_context.resolveType(arguments.at(0));
    if (!type) {
        finish(ExitCode::Usage);
        return;
    }
    if (!type->supports(Operation::BulkUpsert)) {
        m_context.printError(QStringLiteral("%1 cannot be imported").arg(type->name));
        finish(ExitCode::Usage);
        return;
    }
    m_path = arguments.at(1);
    if (RecordFileWriter::formatFor(m_path) != RecordFileFormat::Workbook) {
        m_context.printError(QStringLiteral("%1: a template is an Excel workbook, so FILE must "
                                            "end in .xlsx")
                                 .arg(m_path));
        finish(ExitCode::Usage);
        return;
    }
    withClient([this, type](PlanhatClient *client) {
        ImportOptions::withCustomFields(
            this, m_context, client, *type,
            [this](const ObjectType &withCustom) { write(withCustom); },
            [this](ExitCode code) { finish(code); });
    });
}

void TemplateCommand::write(const ObjectType &type)
{
    const ImportTemplate importTemplate(type);
    QString error;
    if (!importTemplate.write(m_path, &error)) {
        m_context.printError(error);
        finish(ExitCode::Usage);
        return;
    }
    m_context.printNote(QStringLiteral("Wrote the %1 import template (%2 columns) to %3")
                            .arg(type.name)
                            .arg(importTemplate.columns().size())
                            .arg(m_path));
    finish(ExitCode::Ok);
}

} // namespace Planhat
