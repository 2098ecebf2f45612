// SPDX-License-Identifier: MIT
#include "tokeninput.h"

#include <csignal>
#include <cstdio>

#include <termios.h>
#include <unistd.h>

namespace Planhat {

namespace {

constexpr qsizetype maxTokenLineBytes = 64 * 1024;

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

// Reads up to the first newline (or end of input) straight from the descriptor, so nothing
// after the token line is consumed and nothing sits in a stdio buffer.
QByteArray readFirstLine()
{
    QByteArray line;
    char c = 0;
    while (line.size() < maxTokenLineBytes) {
        const ssize_t got = ::read(STDIN_FILENO, &c, 1);
        if (got <= 0 || c == '\n')
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
    if (!isatty(STDIN_FILENO))
        return tokenFromFirstLine(readFirstLine());

    const bool canHideInput = tcgetattr(STDIN_FILENO, &savedTerminal) == 0;
    using Handler = void (*)(int);
    Handler previous[3] = {};
    const int handledSignals[3] = {SIGINT, SIGTERM, SIGHUP};
    if (canHideInput) {
        struct termios hidden = savedTerminal;
        hidden.c_lflag &= ~tcflag_t(ECHO);
        hidden.c_lflag |= tcflag_t(ECHONL);
        for (int i = 0; i < 3; ++i)
            previous[i] = std::signal(handledSignals[i], restoreTerminalAndReraise);
        echoDisabled = 1;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
    }
    // Echo goes off before the prompt appears, so nothing typed after it is ever shown.
    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    const QByteArray line = readFirstLine();
    if (canHideInput) {
        tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal);
        echoDisabled = 0;
        for (int i = 0; i < 3; ++i)
            std::signal(handledSignals[i], previous[i]);
    }
    return tokenFromFirstLine(line);
}

} // namespace Planhat
