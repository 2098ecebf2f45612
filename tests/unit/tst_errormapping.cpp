// SPDX-License-Identifier: MIT
#include "api/apierror.h"
#include "api/errormapping.h"

#include <QTest>

using namespace Planhat;
using std::chrono::milliseconds;

Q_DECLARE_METATYPE(Planhat::ApiError::Kind)

class TestErrorMapping : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void kindForStatus_data();
    void kindForStatus();
    void serverMessage_data();
    void serverMessage();
    void longMessagesAreCut();
    void tokenIsRedacted();
    void unauthorizedHintsAtTheRegion();
    void toStringIsOneLine_data();
    void toStringIsOneLine();
    void networkErrorsAreReadable_data();
    void networkErrorsAreReadable();
};

void TestErrorMapping::kindForStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ApiError::Kind>("kind");
    using K = ApiError::Kind;
    QTest::newRow("200") << 200 << K::None;
    QTest::newRow("206") << 206 << K::None;
    QTest::newRow("400") << 400 << K::BadRequest;
    QTest::newRow("401") << 401 << K::Auth;
    QTest::newRow("403") << 403 << K::Auth;
    QTest::newRow("404") << 404 << K::NotFound;
    QTest::newRow("409") << 409 << K::BadRequest;
    QTest::newRow("422") << 422 << K::BadRequest;
    QTest::newRow("429") << 429 << K::RateLimited;
    QTest::newRow("500") << 500 << K::Server;
    QTest::newRow("503") << 503 << K::Server;
    QTest::newRow("301") << 301 << K::InvalidResponse;
    QTest::newRow("0") << 0 << K::InvalidResponse;
}

void TestErrorMapping::kindForStatus()
{
    QFETCH(int, status);
    QFETCH(ApiError::Kind, kind);
    QCOMPARE(ErrorMapping::kindForStatus(status), kind);
    if (kind != ApiError::Kind::None) {
        QCOMPARE(ErrorMapping::httpError(status, QByteArray(), QString(), QString()).kind(), kind);
        QCOMPARE(ErrorMapping::httpError(status, QByteArray(), QString(), QString()).httpStatus(),
                 status);
    }
}

void TestErrorMapping::serverMessage_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("error") << QByteArray(R"({"error":"Invalid token"})")
                           << QStringLiteral("Invalid token");
    QTest::newRow("message") << QByteArray(R"({"message":"name is required"})")
                             << QStringLiteral("name is required");
    QTest::newRow("msg") << QByteArray(R"({"msg":"bad id"})") << QStringLiteral("bad id");
    QTest::newRow("error and message")
        << QByteArray(R"({"error":"Unauthorized","message":"invalid API token"})")
        << QStringLiteral("Unauthorized: invalid API token");
    QTest::newRow("nested") << QByteArray(R"({"error":{"message":"deep"}})")
                            << QStringLiteral("deep");
    QTest::newRow("json string") << QByteArray(R"("Not allowed")") << QStringLiteral("Not allowed");
    QTest::newRow("other object") << QByteArray(R"({"code": 7})")
                                  << QStringLiteral(R"({"code":7})");
    QTest::newRow("text") << QByteArray("Too Many Requests\n")
                          << QStringLiteral("Too Many Requests");
    QTest::newRow("multi-line text")
        << QByteArray("line one\r\n  line two\tend") << QStringLiteral("line one line two end");
    QTest::newRow("html") << QByteArray("<html><head><title>x</title></head><body><h1>502 Bad "
                                        "Gateway</h1></body></html>")
                          << QStringLiteral("502 Bad Gateway");
}

void TestErrorMapping::serverMessage()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QCOMPARE(ErrorMapping::serverMessage(body), message);
}

void TestErrorMapping::longMessagesAreCut()
{
    const QByteArray body = "{\"error\":\"" + QByteArray(5000, 'x') + "\"}";
    const QString message = ErrorMapping::serverMessage(body);
    QVERIFY(message.size() <= ErrorMapping::maxMessageLength);
    QVERIFY(message.endsWith(QLatin1String("...")));
}

void TestErrorMapping::tokenIsRedacted()
{
    const QString token = QStringLiteral("s3cr3t-T0KEN-value");
    const QByteArray body
        = R"({"error":"token s3cr3t-T0KEN-value is not valid; s3cr3t-T0KEN-value"})";
    const ApiError error = ErrorMapping::httpError(400, body, QString(), token);
    QVERIFY2(!error.toString().contains(token), qPrintable(error.toString()));
    QVERIFY(error.message().contains(QLatin1String("[redacted]")));

    const ApiError network = ErrorMapping::networkError(
        QNetworkReply::ProtocolUnknownError, QUrl(QStringLiteral("https://api.planhat.com/x")),
        QStringLiteral("weird failure with s3cr3t-T0KEN-value inside"), milliseconds(1000), token);
    QVERIFY2(!network.toString().contains(token), qPrintable(network.toString()));
}

void TestErrorMapping::unauthorizedHintsAtTheRegion()
{
    const ApiError error = ErrorMapping::httpError(
        401, R"({"error":"Unauthorized","message":"invalid API token"})", QString(), QString());
    QVERIFY2(error.toString().startsWith(QLatin1String(
                 "HTTP 401 (authentication failed): Unauthorized: invalid API token")),
             qPrintable(error.toString()));
    QVERIFY2(error.message().contains(QLatin1String("region")), qPrintable(error.message()));
}

void TestErrorMapping::toStringIsOneLine_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<QString>("text");
    using K = ApiError::Kind;
    QTest::newRow("none") << ApiError() << QStringLiteral("no error");
    QTest::newRow("http") << ApiError(K::NotFound, 404, QStringLiteral("no such company"))
                          << QStringLiteral("HTTP 404 (not found): no such company");
    QTest::newRow("network") << ApiError(K::Network, 0,
                                         QStringLiteral("connection refused by 127.0.0.1:1234"))
                             << QStringLiteral(
                                    "network error: connection refused by 127.0.0.1:1234");
    QTest::newRow("newlines") << ApiError(K::Server, 500, QStringLiteral("a\nb\r\nc"))
                              << QStringLiteral("HTTP 500 (server error): a b  c");
    QTest::newRow("no message") << ApiError(K::Timeout, 0, QString()) << QStringLiteral("timeout");
}

void TestErrorMapping::toStringIsOneLine()
{
    QFETCH(ApiError, error);
    QFETCH(QString, text);
    QCOMPARE(error.toString(), text);
    QVERIFY(!error.toString().contains(QLatin1Char('\n')));
}

void TestErrorMapping::networkErrorsAreReadable_data()
{
    using E = QNetworkReply::NetworkError;
    QTest::addColumn<int>("error");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<QString>("text");
    QTest::newRow("refused") << int(E::ConnectionRefusedError) << ApiError::Kind::Network
                             << QStringLiteral(
                                    "network error: connection refused by 127.0.0.1:1234");
    QTest::newRow("dropped")
        << int(E::RemoteHostClosedError) << ApiError::Kind::Network
        << QStringLiteral("network error: the connection to 127.0.0.1:1234 dropped before the "
                          "answer arrived");
    QTest::newRow("timeout") << int(E::TimeoutError) << ApiError::Kind::Timeout
                             << QStringLiteral(
                                    "timeout: no answer from 127.0.0.1:1234 within 30 s");
    QTest::newRow("transfer timeout")
        << int(E::OperationCanceledError) << ApiError::Kind::Timeout
        << QStringLiteral("timeout: no answer from 127.0.0.1:1234 within 30 s");
    QTest::newRow("dns") << int(E::HostNotFoundError) << ApiError::Kind::Network
                         << QStringLiteral("network error: host not found: 127.0.0.1");
}

void TestErrorMapping::networkErrorsAreReadable()
{
    QFETCH(int, error);
    QFETCH(ApiError::Kind, kind);
    QFETCH(QString, text);
    const ApiError mapped = ErrorMapping::networkError(
        QNetworkReply::NetworkError(error), QUrl(QStringLiteral("http://127.0.0.1:1234/companies")),
        QStringLiteral("Qt's own words"), milliseconds(30000), QStringLiteral("tok"));
    QCOMPARE(mapped.kind(), kind);
    QCOMPARE(mapped.httpStatus(), 0);
    QCOMPARE(mapped.toString(), text);
}

QTEST_GUILESS_MAIN(TestErrorMapping)
#include "tst_errormapping.moc"
