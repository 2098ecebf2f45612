// SPDX-License-Identifier: MIT
#include "demosandbox.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>

namespace Planhat {

namespace {

QString sandboxExecutableName()
{
#ifdef Q_OS_WIN
    return QStringLiteral("planhat-sandbox.exe");
#else
    return QStringLiteral("planhat-sandbox");
#endif
}

QString randomToken()
{
    quint64 words[2];
    QRandomGenerator::system()->fillRange(words);
    return QStringLiteral("demo-%1%2")
        .arg(words[0], 16, 16, QLatin1Char('0'))
        .arg(words[1], 16, 16, QLatin1Char('0'));
}

} // namespace

DemoSandbox::DemoSandbox(const QString &program, QObject *parent)
    : QObject(parent)
    , m_program(program)
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &DemoSandbox::readUrl);
    // Its log is kept only to explain a failed start.
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        m_errorOutput.append(m_process.readAllStandardError());
        m_errorOutput = m_errorOutput.right(2000);
    });
    connect(&m_process, &QProcess::errorOccurred, this, &DemoSandbox::handleProcessError);
    connect(&m_process, &QProcess::finished, this, &DemoSandbox::handleFinished);
}

DemoSandbox::~DemoSandbox()
{
    stop();
}

QString DemoSandbox::locateProgram()
{
    const QDir appDir(QCoreApplication::applicationDirPath());
    // Installed, the sandbox sits beside the app; in the build tree, in src/sandbox next to
    // src/app, so a developer's build finds its own sandbox before any other on PATH.
    for (const QString &candidate :
         {appDir.filePath(sandboxExecutableName()),
          appDir.filePath(QStringLiteral("../sandbox/") + sandboxExecutableName())}) {
        if (QFileInfo(candidate).isExecutable())
            return QDir::cleanPath(candidate);
    }
    return QStandardPaths::findExecutable(sandboxExecutableName());
}

void DemoSandbox::start()
{
    if (isRunning()) {
        if (m_url.isValid())
            Q_EMIT started(m_url, m_token);
        return;
    }
    if (m_program.isEmpty()) {
        Q_EMIT failed(tr("planhat-sandbox was not found next to %1 or on PATH.")
                          .arg(QCoreApplication::applicationFilePath()));
        return;
    }
    m_token = randomToken();
    m_url.clear();
    m_errorOutput.clear();
    m_process.start(m_program,
                    {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--token"),
                     m_token, QStringLiteral("--seed"), QStringLiteral("demo")});
}

void DemoSandbox::readUrl()
{
    if (m_url.isValid()) {
        m_process.readAllStandardOutput(); // only the first line means anything
        return;
    }
    if (!m_process.canReadLine())
        return;
    const QString line = QString::fromUtf8(m_process.readLine().trimmed());
    const QUrl url(line);
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.port() <= 0) {
        stop();
        Q_EMIT failed(tr("planhat-sandbox did not print its address (it printed \"%1\").")
                          .arg(line.left(200)));
        return;
    }
    m_url = url;
    Q_EMIT started(m_url, m_token);
}

void DemoSandbox::handleProcessError(QProcess::ProcessError error)
{
    if (error == QProcess::FailedToStart)
        Q_EMIT failed(tr("Could not start %1: %2").arg(m_program, m_process.errorString()));
}

void DemoSandbox::handleFinished(int exitCode)
{
    if (m_url.isValid())
        return; // stopped after it served; nothing to report
    const QString log = QString::fromUtf8(m_errorOutput).trimmed();
    Q_EMIT failed(log.isEmpty()
                      ? tr("planhat-sandbox stopped (exit code %1) before it served.").arg(exitCode)
                      : tr("planhat-sandbox stopped (exit code %1): %2").arg(exitCode).arg(log));
}

void DemoSandbox::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    // A deliberate stop is no failure to report.
    const QSignalBlocker blocker(&m_process);
    m_process.terminate();
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

} // namespace Planhat
