// SPDX-License-Identifier: MIT
#include "api/apiendpoint.h"

#include <QTest>

using namespace Planhat;

class TestApiEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseBaseUrl_data();
    void parseBaseUrl();
    void knownUrls();
    void baseUrlOrDefault();
    void loopbackHosts_data();
    void loopbackHosts();
};

void TestApiEndpoint::parseBaseUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); ///< empty: must be refused
    QTest::addColumn<QString>("errorMentions");

    QTest::newRow("default") << "https://api.planhat.com"
                             << "https://api.planhat.com" << QString();
    QTest::newRow("trailing slash") << "https://api.planhat.com/"
                                    << "https://api.planhat.com" << QString();
    QTest::newRow("regional") << "https://api-eu2.planhat.com"
                              << "https://api-eu2.planhat.com" << QString();
    QTest::newRow("port and path") << "  https://proxy.example.com:8443/planhat/v1//  "
                                   << "https://proxy.example.com:8443/planhat/v1" << QString();
    QTest::newRow("upper-case scheme") << "HTTPS://api.planhat.com"
                                       << "https://api.planhat.com" << QString();
    QTest::newRow("http localhost") << "http://localhost:8080"
                                    << "http://localhost:8080" << QString();
    QTest::newRow("http 127.0.0.1") << "http://127.0.0.1:1234/"
                                    << "http://127.0.0.1:1234" << QString();
    QTest::newRow("http 127.1.2.3") << "http://127.1.2.3"
                                    << "http://127.1.2.3" << QString();
    QTest::newRow("http ::1") << "http://[::1]:9000"
                              << "http://[::1]:9000" << QString();

    QTest::newRow("empty") << "" << QString() << "empty";
    QTest::newRow("http remote") << "http://api.planhat.com" << QString() << "https://";
    QTest::newRow("http private network") << "http://192.168.1.10" << QString() << "https://";
    QTest::newRow("http localhost lookalike")
        << "http://localhost.example.com" << QString() << "https://";
    QTest::newRow("no scheme") << "api.planhat.com" << QString() << "https://api.planhat.com";
    QTest::newRow("ftp") << "ftp://api.planhat.com" << QString() << "ftp";
    QTest::newRow("no host") << "https://" << QString() << "host";
    QTest::newRow("credentials") << "https://user:pw@api.planhat.com" << QString() << "password";
    QTest::newRow("query") << "https://api.planhat.com/?x=1" << QString() << "query";
    QTest::newRow("bad port") << "https://api.planhat.com:99999" << QString() << "valid";
}

void TestApiEndpoint::parseBaseUrl()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(QString, errorMentions);
    QString error = QStringLiteral("stale");
    const QUrl url = ApiEndpoint::parseBaseUrl(text, &error);
    if (expected.isEmpty()) {
        QVERIFY2(!url.isValid() || url.isEmpty(), qPrintable(url.toString()));
        QVERIFY2(error.contains(errorMentions, Qt::CaseInsensitive), qPrintable(error));
    } else {
        QVERIFY2(url.isValid(), qPrintable(error));
        QCOMPARE(url.toString(), expected);
        QVERIFY(error.isEmpty());
    }
}

void TestApiEndpoint::knownUrls()
{
    QCOMPARE(ApiEndpoint::defaultBaseUrl().toString(), QStringLiteral("https://api.planhat.com"));
    QCOMPARE(ApiEndpoint::regionalBaseUrl(QStringLiteral("eu2")).toString(),
             QStringLiteral("https://api-eu2.planhat.com"));
    QCOMPARE(ApiEndpoint::regionalBaseUrl(QStringLiteral(" US1 ")).toString(),
             QStringLiteral("https://api-us1.planhat.com"));
    QCOMPARE(ApiEndpoint::regionalBaseUrl(QString()), ApiEndpoint::defaultBaseUrl());
    QVERIFY(!ApiEndpoint::regionalBaseUrl(QStringLiteral("eu/evil")).isValid());
    QCOMPARE(ApiEndpoint::defaultAnalyticsUrl().toString(),
             QStringLiteral("https://analytics.planhat.com"));
}

void TestApiEndpoint::baseUrlOrDefault()
{
    QString error;
    // Nothing configured: the default host, not an error.
    QCOMPARE(ApiEndpoint::baseUrlOrDefault(QStringLiteral("  "), &error),
             ApiEndpoint::defaultBaseUrl());
    QVERIFY(error.isEmpty());
    QCOMPARE(ApiEndpoint::baseUrlOrDefault(QStringLiteral("https://api-eu.planhat.com/"), &error),
             QUrl(QStringLiteral("https://api-eu.planhat.com")));
    // Something configured is checked like any base URL.
    QVERIFY(!ApiEndpoint::baseUrlOrDefault(QStringLiteral("http://example.com"), &error).isValid());
    QVERIFY2(error.contains(QStringLiteral("http")), qPrintable(error));
}

void TestApiEndpoint::loopbackHosts_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("localhost") << "localhost" << true;
    QTest::newRow("LOCALHOST") << "LOCALHOST" << true;
    QTest::newRow("127.0.0.1") << "127.0.0.1" << true;
    QTest::newRow("127.255.0.9") << "127.255.0.9" << true;
    QTest::newRow("::1") << "::1" << true;
    QTest::newRow("[::1]") << "[::1]" << true;
    QTest::newRow("10.0.0.1") << "10.0.0.1" << false;
    QTest::newRow("128.0.0.1") << "128.0.0.1" << false;
    QTest::newRow("api.planhat.com") << "api.planhat.com" << false;
    QTest::newRow("localhost.evil.com") << "localhost.evil.com" << false;
}

void TestApiEndpoint::loopbackHosts()
{
    QFETCH(QString, host);
    QFETCH(bool, loopback);
    QCOMPARE(ApiEndpoint::isLoopbackHost(host), loopback);
}

QTEST_GUILESS_MAIN(TestApiEndpoint)
#include "tst_apiendpoint.moc"
