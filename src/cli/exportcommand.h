// SPDX-License-Identifier: MIT
#pragma once

#include "api/listquery.h"
#include "command.h"

#include <memory>

namespace Planhat {

class ObjectType;
class RecordFileWriter;

/// `export TYPE FILE [--select a,b | --all-fields]`: lists every object of TYPE and writes
/// them to FILE as CSV (UTF-8, header row, formula guard), or as an Excel workbook when
/// FILE ends in .xlsx (typed cells: the tenant's custom fields are read first, so custom
/// dates are dates too). The file appears only when the whole listing arrived: a failed
/// export leaves any earlier file as it was.
class ExportCommand final : public Command
{
    Q_OBJECT
public:
    explicit ExportCommand(CliContext &context, QObject *parent = nullptr);
    ~ExportCommand() override;
    static CommandSpec spec();
    void run() override;

private:
    void startList(PlanhatClient *client, const ObjectType &type);

    const ObjectType *m_type = nullptr;
    ListQuery m_query;
    QStringList m_columns;
    std::unique_ptr<RecordFileWriter> m_writer;
};

} // namespace Planhat
