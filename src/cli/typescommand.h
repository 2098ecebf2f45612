// SPDX-License-Identifier: MIT
#pragma once

#include "command.h"

namespace Planhat {

/// `types [TYPE]`: the object types this tool knows, or one type's fields.
class TypesCommand final : public Command
{
    Q_OBJECT
public:
    using Command::Command;
    static CommandSpec spec();
    void run() override;
};

} // namespace Planhat
