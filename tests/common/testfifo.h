// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace Planhat::Test {

/// A named pipe (POSIX) to give code that reads a file, so a test can tell on which thread
/// it reads: opening the writing end without blocking succeeds only while a reader holds
/// the pipe open, and a reader blocks in open() until a writer comes. Code that reads on a
/// worker thread lets the test (on its own thread) see the reader and feed it; code that
/// reads on the test's thread blocks it, until the rescue (armRescue()) gives the reader
/// an empty file so the test fails instead of hanging.
class TestFifo
{
public:
    explicit TestFifo(const QString &path);
    ~TestFifo();
    TestFifo(const TestFifo &) = delete;
    TestFifo &operator=(const TestFifo &) = delete;

    bool isValid() const { return m_valid; }
    QString path() const { return m_path; }

    /// Opens the writing end without blocking: true only while a reader has the pipe open
    /// (on another thread, since this one is here). Once open, later calls return true.
    bool openWriter();
    /// Writes `bytes` and closes the writing end (the reader then sees the end of the file).
    bool writeAndClose(const QByteArray &bytes);
    /// After `milliseconds` without openWriter() succeeding, opens and closes the writing
    /// end from a thread of its own, releasing a reader blocked on the test's thread.
    void armRescue(int milliseconds);

private:
    QString m_path;
    bool m_valid = false;
    int m_fd = -1;
    std::thread m_rescue;
    std::mutex m_mutex;
    std::condition_variable m_fedChanged;
    bool m_fed = false;
};

} // namespace Planhat::Test
