// SPDX-License-Identifier: MIT
#pragma once

#include "command.h"

namespace Planhat {

/// `track --email E | --external-id X [--company-external-id C] --action A [--date ISO]
/// [--weight N] [--count N] [--info JSON] [--yes]`: sends one user activity to the analytics
/// host (POST /analytics/<tenant UUID>), checked first as a file row would be.
class TrackCommand final : public Command
{
    Q_OBJECT
public:
    using Command::Command;
    static CommandSpec spec();
    void run() override;
};

} // namespace Planhat
