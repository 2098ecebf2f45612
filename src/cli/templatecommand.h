// SPDX-License-Identifier: MIT
#pragma once

#include "command.h"

namespace Planhat {

class ObjectType;

/// `template TYPE FILE.xlsx`: writes the Excel import template of TYPE (ImportTemplate):
/// one column per importable field, the tenant's custom fields included (so it needs the
/// connection), required fields marked, each header commented with its type and format,
/// drop-downs of allowed values. Filled in, it imports with no mapping changes.
class TemplateCommand final : public Command
{
    Q_OBJECT
public:
    using Command::Command;
    static CommandSpec spec();
    void run() override;

private:
    void write(const ObjectType &type);

    QString m_path;
};

} // namespace Planhat
