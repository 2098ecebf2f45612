// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QProcess>
#include <QString>
#include <QUrl>

namespace Planhat {

/// The local planhat-sandbox behind "Try the demo": a child process serving the demo data
/// set on a free loopback port, with a random token made for this session (never stored).
/// start() launches it; `started` tells its URL once it printed it, `failed` says why it
/// could not start. The process is stopped when this object goes (the app quits).
class DemoSandbox final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoSandbox)
public:
    /// `program` is the planhat-sandbox executable to run (see locateProgram()).
    explicit DemoSandbox(const QString &program, QObject *parent = nullptr);
    ~DemoSandbox() override;

    /// planhat-sandbox next to this application's executable (where the package installs
    /// it), else in the build tree's src/sandbox, else the one on PATH; empty when none.
    static QString locateProgram();

    void start();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QUrl url() const { return m_url; }
    qint64 processId() const { return m_process.processId(); }
    /// The token the sandbox accepts, made at start().
    QString token() const { return m_token; }

Q_SIGNALS:
    void started(const QUrl &url, const QString &token);
    void failed(const QString &message);

private:
    void readUrl();
    void handleProcessError(QProcess::ProcessError error);
    void handleFinished(int exitCode);
    void stop();

    QString m_program;
    QProcess m_process;
    QString m_token;
    QUrl m_url;
    QByteArray m_errorOutput;
};

} // namespace Planhat
