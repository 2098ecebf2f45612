// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QSocketNotifier;

namespace Planhat::Sandbox {

/// Turns Unix signals (SIGINT, SIGTERM) into a Qt signal with the self-pipe trick: the
/// async-signal handler only writes a byte to a socket pair; a QSocketNotifier reads it
/// in the event loop. One instance per process.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

    /// Starts delivering `signalNumber` as signalReceived(); false if it cannot be watched.
    bool watch(int signalNumber);

signals:
    void signalReceived(int signalNumber);

private:
    static void handleSignal(int signalNumber);
    void readSignals();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Planhat::Sandbox
