// SPDX-License-Identifier: MIT
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Planhat::Test {

/// A real planhat-sandbox process on loopback for one test: started with the given extra
/// options and a fixed token, stopped (and waited for) on destruction.
class SandboxProcess
{
public:
    static QString token() { return QStringLiteral("test-token-5f2c9a"); }

    SandboxProcess();
    ~SandboxProcess();

    /// Starts the sandbox with `extraArguments` (e.g. {"--seed", "demo"}) and waits for the
    /// URL on its first line. Returns false and fills errorString() on failure.
    bool start(const QStringList &extraArguments = {});
    /// Stops with SIGTERM so the sandbox saves its --data file, and waits for it.
    void stop();

    QUrl url() const { return m_url; }
    qint64 processId() const { return m_process.processId(); }
    QString errorString() const { return m_error; }
    /// Peak resident set size of the sandbox so far, in MiB (from /proc), or -1.
    double peakRssMiB() const;

private:
    QProcess m_process;
    QUrl m_url;
    QString m_error;
};

/// Runs planhat-cli with `arguments` against `baseUrl` using the sandbox token (unless
/// `environment` overrides it) and waits for it.
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
CliRun runCli(const QUrl &baseUrl, const QStringList &arguments,
              const QStringList &environment = {}, const QByteArray &input = {});

/// Peak resident set size of this process, in MiB.
double ownPeakRssMiB();

} // namespace Planhat::Test
