// SPDX-License-Identifier: MIT
#pragma once

#include "api/listquery.h"
#include "command.h"

#include <memory>

namespace Planhat {

class ObjectType;
class PlanhatClient;
class RecordPrinter;

/// `list TYPE [--select a,b | --all-fields] [--company ID] [--sort FIELD] [--limit N]
/// [--format json|csv|table]`: prints objects as pages arrive.
class ListCommand final : public Command
{
    Q_OBJECT
public:
    using Command::Command;
    ~ListCommand() override;
    static CommandSpec spec();
    void run() override;

private:
    /// Companies given as extid-/srcid- are looked up first: the list filter takes ids.
    void resolveCompaniesThenList(QStringList pending, QStringList resolved);
    void startList();

    PlanhatClient *m_client = nullptr; // owned by the context
    const ObjectType *m_type = nullptr;
    ListQuery m_query;
    QStringList m_columns;
    std::unique_ptr<RecordPrinter> m_printer;
};

} // namespace Planhat
