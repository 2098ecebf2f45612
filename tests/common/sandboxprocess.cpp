// SPDX-License-Identifier: MIT
#include "sandboxprocess.h"

#include <QFile>
#include <QProcessEnvironment>

#include <csignal>

namespace Planhat::Test {

namespace {

double peakRssFromStatus(const QString &statusPath)
{
    QFile status(statusPath);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:")) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            return parts.value(1).toDouble() / 1024.0;
        }
    }
    return -1;
}

} // namespace

SandboxProcess::SandboxProcess()
{
    m_process.setProgram(QStringLiteral(PLANHAT_SANDBOX_PATH));
    // The sandbox's log goes to the test's stderr, where CTest shows it on failure.
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

SandboxProcess::~SandboxProcess()
{
    stop();
}

bool SandboxProcess::start(const QStringList &extraArguments)
{
    QStringList arguments {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--token"),
                           token()};
    arguments.append(extraArguments);
    m_process.setArguments(arguments);
    m_process.start();
    if (!m_process.waitForStarted(10000)) {
        m_error = QStringLiteral("planhat-sandbox did not start: ") + m_process.errorString();
        return false;
    }
    // Seeding large data sets takes a while before the URL appears.
    while (!m_process.canReadLine()) {
        if (!m_process.waitForReadyRead(120000)) {
            m_error = QStringLiteral("planhat-sandbox printed no URL (exit code %1)")
                          .arg(m_process.exitCode());
            return false;
        }
    }
    m_url = QUrl(QString::fromUtf8(m_process.readLine().trimmed()));
    if (!m_url.isValid() || m_url.port() <= 0) {
        m_error = QStringLiteral("planhat-sandbox's first line is not a URL: ") + m_url.toString();
        return false;
    }
    return true;
}

void SandboxProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    ::kill(static_cast<pid_t>(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(30000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

double SandboxProcess::peakRssMiB() const
{
    return peakRssFromStatus(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
}

double ownPeakRssMiB()
{
    return peakRssFromStatus(QStringLiteral("/proc/self/status"));
}

CliRun runCli(const QUrl &baseUrl, const QStringList &arguments, const QStringList &environment,
              const QByteArray &input)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PLANHAT_API_TOKEN"), SandboxProcess::token());
    env.remove(QStringLiteral("PLANHAT_BASE_URL"));
    for (const QString &assignment : environment) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        if (equals < 0)
            env.remove(assignment);
        else
            env.insert(assignment.left(equals), assignment.mid(equals + 1));
    }
    process.setProcessEnvironment(env);
    QStringList fullArguments;
    if (baseUrl.isValid())
        fullArguments << QStringLiteral("--base-url") << baseUrl.toString();
    fullArguments.append(arguments);
    process.start(QStringLiteral(PLANHAT_CLI_PATH), fullArguments);
    CliRun run;
    if (!process.waitForStarted(10000))
        return run;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    const bool finished = process.waitForFinished(120000);
    run.exitCode
        = finished && process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    if (!finished) {
        // A run still going is a failure, never the exit code 0 of a process not yet done.
        process.kill();
        process.waitForFinished(5000);
        run.err += "\n[test] planhat-cli did not finish within 120 s and was killed\n";
    }
    return run;
}

} // namespace Planhat::Test
