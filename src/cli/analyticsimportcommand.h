// SPDX-License-Identifier: MIT
#pragma once

#include "analytics/analyticsfilereader.h"
#include "analytics/analyticstarget.h"
#include "command.h"

namespace Planhat {

struct AnalyticsSendResult;

/// `import activities FILE` and `import metrics FILE` [--sheet NAME] [--delimiter C]
/// [--encoding NAME] [--dry-run] [--yes]: reads a CSV file or a workbook of user activities
/// or metrics, reports the rows that cannot be sent (row, column, reason), and sends the
/// others to the analytics host in bodies under its 32 MB limit (AnalyticsSender). Prints
/// rows sent, rows rejected before sending and requests made.
class AnalyticsImportCommand final : public Command
{
    Q_OBJECT
public:
    AnalyticsImportCommand(CliContext &context, AnalyticsTarget target);
    /// The spec of `import activities` or `import metrics` (its name has both words).
    static CommandSpec spec(AnalyticsTarget target);
    void run() override;

private:
    void printProblems(const AnalyticsFileContent &content);
    void send(PlanhatClient *client);
    void report(const AnalyticsSendResult &result);

    AnalyticsTarget m_target;
    QString m_filePath;
    AnalyticsFileContent m_content;
};

} // namespace Planhat
