// SPDX-License-Identifier: MIT
// How a failed connection check is put to the user: every ApiError the client can report
// becomes one of the outcomes the profile dialog names.
#include "auth/connectioncheck.h"

#include <QTest>

using namespace Planhat;
using Outcome = ConnectionCheckResult::Outcome;
using Kind = ApiError::Kind;

class TestConnectionCheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outcomeOf_data();
    void outcomeOf();
};

void TestConnectionCheck::outcomeOf_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QString>("messageStart");
    QTest::newRow("ok") << ApiError() << Outcome::Ok << "Connected";
    QTest::newRow("401") << ApiError(Kind::Auth, 401, "Invalid token") << Outcome::WrongToken
                         << "Wrong token";
    QTest::newRow("403") << ApiError(Kind::Auth, 403, "Forbidden") << Outcome::WrongToken
                         << "Wrong token";
    QTest::newRow("404") << ApiError(Kind::NotFound, 404, "Not found") << Outcome::WrongAddress
                         << "Wrong region or address";
    QTest::newRow("not json") << ApiError(Kind::InvalidResponse, 200, "not JSON")
                              << Outcome::WrongAddress << "Wrong region or address";
    QTest::newRow("unknown host") << ApiError(Kind::Network, 0,
                                              "host not found: api-xx.planhat.com")
                                  << Outcome::WrongAddress << "Wrong region or address";
    QTest::newRow("refused") << ApiError(Kind::Network, 0, "connection refused by h:1")
                             << Outcome::NoNetwork << "No network";
    QTest::newRow("timeout") << ApiError(Kind::Timeout, 0, "no answer") << Outcome::NoNetwork
                             << "No network";
    QTest::newRow("tls") << ApiError(Kind::Network, 0, "TLS handshake with h:443 failed: x")
                         << Outcome::TlsError << "TLS error";
    QTest::newRow("5xx") << ApiError(Kind::Server, 503, "Unavailable") << Outcome::ServerError
                         << "The server had a problem";
    QTest::newRow("429") << ApiError(Kind::RateLimited, 429, "Slow down") << Outcome::ServerError
                         << "The server had a problem";
}

void TestConnectionCheck::outcomeOf()
{
    QFETCH(ApiError, error);
    QFETCH(Outcome, outcome);
    QFETCH(QString, messageStart);
    const QUrl url("https://api-eu.planhat.com");
    const ConnectionCheckResult result = ConnectionCheckResult::from(error, url);
    QCOMPARE(result.outcome, outcome);
    QCOMPARE(result.isOk(), outcome == Outcome::Ok);
    QVERIFY2(result.message().startsWith(messageStart), qPrintable(result.message()));
    if (!result.isOk()) {
        QVERIFY2(result.message().contains(url.toString()) || outcome == Outcome::ServerError,
                 qPrintable(result.message()));
        QVERIFY2(result.message().contains(error.message()), qPrintable(result.message()));
    }
}

QTEST_GUILESS_MAIN(TestConnectionCheck)
#include "tst_connectioncheck.moc"
