// SPDX-License-Identifier: MIT
#pragma once

#include "analytics/metricsquery.h"
#include "analytics/metricsreader.h"
#include "command.h"
#include "recordprinter.h"

#include <memory>

namespace Planhat {

/// `metrics [--company KEY] [--dimension ID] [--from DATE] [--to DATE] [--limit N]
/// [--format json|csv|table]`: reads metrics (dimension data) back from the API host
/// (GET /dimensiondata, every page). KEY is a company _id, extid-X or srcid-X.
class MetricsCommand final : public Command
{
    Q_OBJECT
public:
    using Command::Command;
    ~MetricsCommand() override;
    static CommandSpec spec();
    void run() override;

private:
    void read(PlanhatClient *client, const QString &companyKey);

    MetricsQuery m_query;
    std::unique_ptr<RecordPrinter> m_printer;
    std::unique_ptr<MetricsReader> m_reader;
};

} // namespace Planhat
