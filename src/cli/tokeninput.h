// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Planhat {

/// The token in the first line of `input`, without the line end and surrounding white space.
/// Empty when the first line is blank.
QString tokenFromFirstLine(const QByteArray &input);

/// Reads an API token from standard input. On a terminal, writes `prompt` to stderr and
/// turns echo off while the token is typed (restoring it even on Ctrl-C); otherwise reads
/// the first line of what is piped in. Returns the trimmed token, empty when none was given.
QString readTokenFromStdin(const QString &prompt);

} // namespace Planhat
