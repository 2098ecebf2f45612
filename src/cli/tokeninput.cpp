// SPDX-License-Identifier: MIT
#include "tokeninput.h"

#include "platform/console.h"

#include <csignal>
#include <cstdio>

#ifdef Q_OS_WIN
#include <io.h>
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace Planhat {

namespace {

constexpr qsizetype maxTokenLineBytes = 64 * 1024;

/// One byte from standard input, unbuffered; false at the end of input or on an error.
bool readStdinByte(char *c)
{
#ifdef Q_OS_WIN
    return _read(0, c, 1) == 1;
#else
    return ::read(STDIN_FILENO, c, 1) == 1;
#endif
}

#ifdef Q_OS_WIN

/// Turns the console's echo off while it lives.
class HiddenInput
{
public:
    HiddenInput()
        : m_input(GetStdHandle(STD_INPUT_HANDLE))
    {
        m_active = GetConsoleMode(m_input, &m_savedMode)
            && SetConsoleMode(m_input, m_savedMode & ~DWORD(ENABLE_ECHO_INPUT));
    }
    ~HiddenInput()
    {
        if (!m_active)
            return;
        SetConsoleMode(m_input, m_savedMode);
        // The Enter that ended the line was not echoed either.
        std::fputs("\n", stderr);
    }
    HiddenInput(const HiddenInput &) = delete;
    HiddenInput &operator=(const HiddenInput &) = delete;

private:
    HANDLE m_input;
    DWORD m_savedMode = 0;
    bool m_active = false;
};

#else

struct termios savedTerminal;
volatile sig_atomic_t echoDisabled = 0;

// Puts echo back before the default action of the signal ends the process.
extern "C" void restoreTerminalAndReraise(int signalNumber)
{
    if (echoDisabled)
        tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal);
    std::signal(signalNumber, SIG_DFL);
    std::raise(signalNumber);
}

/// Turns the terminal's echo off while it lives, restoring it even on Ctrl-C.
class HiddenInput
{
public:
    HiddenInput()
    {
        m_active = tcgetattr(STDIN_FILENO, &savedTerminal) == 0;
        if (!m_active)
            return;
        struct termios hidden = savedTerminal;
        hidden.c_lflag &= ~tcflag_t(ECHO);
        hidden.c_lflag |= tcflag_t(ECHONL);
        for (int i = 0; i < signalCount; ++i)
            m_previous[i] = std::signal(handledSignals[i], restoreTerminalAndReraise);
        echoDisabled = 1;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
    }
    ~HiddenInput()
    {
        if (!m_active)
            return;
        tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal);
        echoDisabled = 0;
        for (int i = 0; i < signalCount; ++i)
            std::signal(handledSignals[i], m_previous[i]);
    }
    HiddenInput(const HiddenInput &) = delete;
    HiddenInput &operator=(const HiddenInput &) = delete;

private:
    static constexpr int signalCount = 3;
    static constexpr int handledSignals[signalCount] = {SIGINT, SIGTERM, SIGHUP};
    using Handler = void (*)(int);
    Handler m_previous[signalCount] = {};
    bool m_active = false;
};

#endif

// Reads up to the first newline (or end of input) straight from the descriptor, so nothing
// after the token line is consumed and nothing sits in a stdio buffer.
QByteArray readFirstLine()
{
    QByteArray line;
    char c = 0;
    while (line.size() < maxTokenLineBytes) {
        if (!readStdinByte(&c) || c == '\n')
            break;
        line.append(c);
    }
    return line;
}

} // namespace

QString tokenFromFirstLine(const QByteArray &input)
{
    const qsizetype end = input.indexOf('\n');
    return QString::fromUtf8(end < 0 ? input : input.left(end)).trimmed();
}

QString readTokenFromStdin(const QString &prompt)
{
    if (!isTerminal(StandardStream::Input))
        return tokenFromFirstLine(readFirstLine());

    const HiddenInput hidden;
    // Echo goes off before the prompt appears, so nothing typed after it is ever shown.
    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    return tokenFromFirstLine(readFirstLine());
}

} // namespace Planhat
