// SPDX-License-Identifier: MIT
#pragma once

#include "api/listquery.h"
#include "command.h"

#include <memory>

class QSaveFile;

namespace Planhat {

class ObjectType;
class RecordCsvWriter;

/// `export TYPE FILE [--select a,b | --all-fields]`: lists every object of TYPE and writes
/// them to FILE as CSV (UTF-8, header row, formula guard). The file appears only when the
/// whole listing arrived: a failed export leaves any earlier file as it was.
class ExportCommand final : public Command
{
    Q_OBJECT
public:
    explicit ExportCommand(CliContext &context, QObject *parent = nullptr);
    ~ExportCommand() override;
    static CommandSpec spec();
    void run() override;

private:
    void startList(PlanhatClient *client);

    const ObjectType *m_type = nullptr;
    ListQuery m_query;
    QStringList m_columns;
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<RecordCsvWriter> m_writer;
};

} // namespace Planhat
