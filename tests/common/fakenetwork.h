// SPDX-License-Identifier: MIT
#pragma once
// A fake QNetworkAccessManager whose replies finish asynchronously after a scripted delay:
// no sockets, no server. For fast unit tests of PlanhatClient and of what runs on it (the
// import runner, the undo); integration tests use a real planhat-sandbox instead.

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <deque>
#include <functional>
#include <utility>

namespace Planhat::Test {

/// One request the fake network saw.
struct SeenRequest
{
    QByteArray verb;
    QUrl url;
    QNetworkRequest request;
    QByteArray body;
    /// The body came in a device Qt can rewind, so it may send it again by itself; false
    /// for a OneShotBody (and without a body).
    bool resendable = false;
    qint64 sentAt = 0; ///< ms since the fake was created

    QJsonArray jsonArray() const { return QJsonDocument::fromJson(body).array(); }
    QJsonObject jsonObject() const { return QJsonDocument::fromJson(body).object(); }
    QString query(const QString &key) const
    {
        return QUrlQuery(url).queryItemValue(key, QUrl::FullyDecoded);
    }
};

/// What the fake network answers.
struct FakeAnswer
{
    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int delayMs = 1;
    bool held = false; ///< answered only when FakeNetwork::releaseHeld() is called

    static FakeAnswer json(int status, const QByteArray &body, int delayMs = 1)
    {
        FakeAnswer answer;
        answer.status = status;
        answer.body = body;
        answer.delayMs = delayMs;
        return answer;
    }
    static FakeAnswer failure(QNetworkReply::NetworkError error)
    {
        FakeAnswer answer;
        answer.status = 0;
        answer.error = error;
        return answer;
    }
};

class FakeNetwork;

class FakeReply : public QNetworkReply
{
    Q_OBJECT
public:
    FakeReply(FakeNetwork *network, QNetworkAccessManager::Operation operation,
              const QNetworkRequest &request, const FakeAnswer &answer);

    void abort() override;
    /// Answers a held reply (FakeAnswer::held) now.
    void release();
    qint64 bytesAvailable() const override
    {
        return m_data.size() - m_offset + QNetworkReply::bytesAvailable();
    }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 count = qMin(maxSize, qint64(m_data.size()) - m_offset);
        if (count <= 0)
            return isFinished() ? -1 : 0;
        memcpy(data, m_data.constData() + m_offset, size_t(count));
        m_offset += count;
        return count;
    }

private:
    void respond();
    void end();

    QPointer<FakeNetwork> m_network;
    FakeAnswer m_answer;
    QByteArray m_data;
    qint64 m_offset = 0;
};

class FakeNetwork : public QNetworkAccessManager
{
    Q_OBJECT
public:
    FakeNetwork() { m_clock.start(); }

    /// Answers requests in order; when empty, `handler` answers (or a 500).
    std::deque<FakeAnswer> script;
    std::function<FakeAnswer(const SeenRequest &)> handler;

    QList<SeenRequest> requests;
    QStringList events; ///< "sent <verb> <path?query>" / "answered <verb> <path?query>"
    int inFlight = 0;
    int maxInFlight = 0;
    /// Replies whose answer is held (FakeAnswer::held) until releaseHeld().
    QList<QPointer<FakeReply>> held;
    void releaseHeld()
    {
        const QList<QPointer<FakeReply>> replies = std::exchange(held, {});
        for (const QPointer<FakeReply> &reply : replies) {
            if (reply)
                reply->release();
        }
    }

    qint64 now() const { return m_clock.elapsed(); }
    void answered(const QUrl &url, Operation operation)
    {
        --inFlight;
        events.append(QStringLiteral("answered %1 %2").arg(verbOf(operation), pathOf(url)));
    }

    static QString pathOf(const QUrl &url)
    {
        return url.path() + (url.hasQuery() ? QLatin1Char('?') + url.query() : QString());
    }
    static QString verbOf(Operation operation)
    {
        switch (operation) {
        case GetOperation:
            return QStringLiteral("GET");
        case PostOperation:
            return QStringLiteral("POST");
        case PutOperation:
            return QStringLiteral("PUT");
        case DeleteOperation:
            return QStringLiteral("DELETE");
        default:
            return QStringLiteral("OTHER");
        }
    }

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    QElapsedTimer m_clock;
};

} // namespace Planhat::Test
