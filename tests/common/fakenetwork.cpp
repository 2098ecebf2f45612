// SPDX-License-Identifier: MIT
#include "fakenetwork.h"

#include <QTimer>

namespace Planhat::Test {

QNetworkReply *FakeNetwork::createRequest(Operation operation, const QNetworkRequest &request,
                                          QIODevice *outgoingData)
{
    SeenRequest seen;
    seen.verb = verbOf(operation).toLatin1();
    seen.url = request.url();
    seen.request = request;
    seen.resendable = outgoingData && !outgoingData->isSequential();
    seen.body = outgoingData ? outgoingData->readAll() : QByteArray();
    seen.sentAt = now();
    requests.append(seen);
    events.append(QStringLiteral("sent %1 %2").arg(verbOf(operation), pathOf(request.url())));
    ++inFlight;
    maxInFlight = qMax(maxInFlight, inFlight);

    FakeAnswer answer;
    if (!script.empty()) {
        answer = script.front();
        script.pop_front();
    } else if (handler) {
        answer = handler(seen);
    } else {
        answer = FakeAnswer::json(500, R"({"error":"unscripted request"})");
    }
    return new FakeReply(this, operation, request, answer);
}

FakeReply::FakeReply(FakeNetwork *network, QNetworkAccessManager::Operation operation,
                     const QNetworkRequest &request, const FakeAnswer &answer)
    : QNetworkReply(network)
    , m_network(network)
    , m_answer(answer)
{
    setRequest(request);
    setOperation(operation);
    setUrl(request.url());
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    if (answer.held)
        network->held.append(this);
    else
        QTimer::singleShot(answer.delayMs, this, &FakeReply::respond);
}

void FakeReply::release()
{
    QTimer::singleShot(0, this, &FakeReply::respond);
}

void FakeReply::abort()
{
    if (isFinished())
        return;
    setError(OperationCanceledError, QStringLiteral("Operation canceled"));
    Q_EMIT errorOccurred(OperationCanceledError);
    end();
}

void FakeReply::respond()
{
    if (isFinished())
        return;
    if (m_answer.status > 0) {
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_answer.status);
        for (const auto &header : std::as_const(m_answer.headers))
            setRawHeader(header.first, header.second);
        Q_EMIT metaDataChanged();
    }
    if (m_answer.error != NoError) {
        setError(m_answer.error, QStringLiteral("fake network error"));
        Q_EMIT errorOccurred(m_answer.error);
    } else {
        m_data = m_answer.body;
        if (m_answer.status >= 400) {
            // What Qt does for HTTP errors: the body is readable, error() is set.
            const NetworkError error
                = m_answer.status >= 500 ? InternalServerError : UnknownContentError;
            setError(error, QStringLiteral("server replied with an error"));
            Q_EMIT errorOccurred(error);
        }
        Q_EMIT readyRead();
    }
    end();
}

void FakeReply::end()
{
    setFinished(true);
    if (m_network)
        m_network->answered(url(), operation());
    Q_EMIT finished();
}

} // namespace Planhat::Test
