// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace Planhat {

/// Turns process signals (SIGINT, SIGTERM) into a Qt signal delivered in the event loop.
///
/// On Unix it uses the self-pipe trick: the async-signal handler only writes a byte to a
/// socket pair, and a QSocketNotifier reads it in the event loop. Elsewhere (Windows) there
/// is nothing to watch: watch() returns false and the signals keep their default action
/// (Ctrl-C ends the program at once; an import's journal still allows --resume).
///
/// One instance at a time per process (the handler has no object to talk to); a second
/// one watches nothing. Destroying it puts back what the watched signals did before.
class SignalWatcher : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    /// Starts delivering `signalNumber` as signalReceived(); false if it cannot be watched.
    bool watch(int signalNumber);

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    void readSignals();

    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_watched;
};

} // namespace Planhat
