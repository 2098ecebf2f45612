// SPDX-License-Identifier: MIT
// collationKey(): byte keys order texts exactly as QCollator::compare() does, in several
// locales and set-ups, on random texts with accents, case, digits, punctuation and spaces.
#include "models/collationkey.h"
#include "models/sortkey.h"

#include <QCollator>
#include <QRandomGenerator>
#include <QTest>

#include <thread>

using namespace Planhat;

class TestCollationKey final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ordersLikeQCollator_data();
    void ordersLikeQCollator();
    void threadsGetTheSameKeys();
    void utf8KeysAreTextKeys_data();
    void utf8KeysAreTextKeys();
};

namespace {

QStringList randomTexts(int count, quint32 seed)
{
    const QStringList pieces {"a", "A",  "ä", "Ä", "b",  "B", "o", "ö",  "é", "E", "ss",
                              "ß", "i",  "I", "ı", "İ",  "å", "z", "Z",  "1", "2", "10",
                              "9", "01", " ", "-", "_",  "'", ".", "ch", "c", "h", "Ø",
                              "ø", "ñ",  "n", "😀", "\t", "€", "Ω", "ω",  "Я", "日"};
    QRandomGenerator random(seed);
    // No empty text: QCollator puts it first without collating, and SortKey never collates one.
    QStringList texts;
    while (texts.size() < count) {
        QString text;
        const int length = random.bounded(1, 7);
        for (int i = 0; i < length; ++i)
            text += pieces.at(random.bounded(int(pieces.size())));
        texts.append(text);
        if (random.bounded(8) == 0) // near-equal texts
            texts.append(text.toUpper());
    }
    return texts;
}

int sign(int value)
{
    return value < 0 ? -1 : (value > 0 ? 1 : 0);
}

} // namespace

void TestCollationKey::ordersLikeQCollator_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<bool>("caseInsensitive");
    QTest::addColumn<bool>("numeric");
    QTest::addColumn<bool>("ignorePunctuation");
    // The C locale compares code points, with no collation set-up.
    QTest::addRow("C") << QStringLiteral("C") << false << false << false;
    for (const char *locale : {"de_DE", "sv_SE", "en_US", "tr_TR", "cs_CZ"}) {
        QTest::addRow("%s, as tables sort", locale)
            << QString::fromLatin1(locale) << true << true << false;
        QTest::addRow("%s, defaults", locale)
            << QString::fromLatin1(locale) << false << false << false;
        QTest::addRow("%s, no punctuation", locale)
            << QString::fromLatin1(locale) << true << false << true;
    }
}

void TestCollationKey::ordersLikeQCollator()
{
    QFETCH(QString, locale);
    QFETCH(bool, caseInsensitive);
    QFETCH(bool, numeric);
    QFETCH(bool, ignorePunctuation);
    QCollator collator {QLocale(locale)};
    collator.setCaseSensitivity(caseInsensitive ? Qt::CaseInsensitive : Qt::CaseSensitive);
    collator.setNumericMode(numeric);
    collator.setIgnorePunctuation(ignorePunctuation);
    const QStringList texts = randomTexts(400, 13);
    std::vector<QByteArray> keys;
    for (const QString &text : texts)
        keys.push_back(collationKey(text, collator));
    int unequal = 0;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        for (qsizetype j = 0; j < texts.size(); ++j) {
            const int expected = sign(collator.compare(texts.at(i), texts.at(j)));
            const int actual = sign(keys[size_t(i)].compare(keys[size_t(j)]));
            unequal += expected != 0 ? 1 : 0;
            if (expected != actual)
                QFAIL(qPrintable(QStringLiteral("\"%1\" vs \"%2\": QCollator %3, keys %4")
                                     .arg(texts.at(i), texts.at(j))
                                     .arg(expected)
                                     .arg(actual)));
        }
    }
    QVERIFY(unequal > texts.size() * texts.size() / 2); // the texts do differ
}

void TestCollationKey::threadsGetTheSameKeys()
{
    QCollator collator {QLocale(QLocale::German, QLocale::Germany)};
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    const QStringList texts = randomTexts(2000, 7);
    std::vector<QByteArray> here;
    for (const QString &text : texts)
        here.push_back(collationKey(text, collator));
    std::vector<QByteArray> there[2];
    std::thread first([&] {
        for (const QString &text : texts)
            there[0].push_back(collationKey(text, collator));
    });
    std::thread second([&] {
        for (const QString &text : texts)
            there[1].push_back(collationKey(text, collator));
    });
    first.join();
    second.join();
    QVERIFY(there[0] == here);
    QVERIFY(there[1] == here);
}

void TestCollationKey::utf8KeysAreTextKeys_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<Qt::CaseSensitivity>("caseSensitivity");
    QTest::newRow("C, any case") << QLocale(QLocale::C) << Qt::CaseInsensitive;
    QTest::newRow("C, case matters") << QLocale(QLocale::C) << Qt::CaseSensitive;
    QTest::newRow("German, any case")
        << QLocale(QLocale::German, QLocale::Germany) << Qt::CaseInsensitive;
}

void TestCollationKey::utf8KeysAreTextKeys()
{
    QFETCH(QLocale, locale);
    QFETCH(Qt::CaseSensitivity, caseSensitivity);
    QCollator collator(locale);
    collator.setNumericMode(true);
    collator.setCaseSensitivity(caseSensitivity);
    // ASCII texts (the ones keyed without a QString) beside the random ones.
    QStringList texts {"", "Acme", "acme", "ACME 10", "a-b_c.d", "Zeta", "~{}[]@^`", "9", "x\tY"};
    texts += randomTexts(500, 11);
    QList<SortKey> keys;
    QList<SortKey> textKeys;
    for (const QString &text : texts) {
        keys.append(SortKey::fromUtf8(text.toUtf8(), collator));
        textKeys.append(SortKey::fromText(text, collator));
        QVERIFY2(keys.last().compare(textKeys.last()) == 0, qPrintable(text));
    }
    // Equal keys would hide a key that lost its text: distinct folded texts stay apart.
    for (qsizetype i = 0; i < texts.size(); ++i) {
        for (qsizetype j = 0; j < texts.size(); ++j) {
            const int expected = sign(textKeys.at(i).compare(textKeys.at(j)));
            if (sign(keys.at(i).compare(keys.at(j))) != expected)
                QFAIL(qPrintable(texts.at(i) + QStringLiteral(" vs ") + texts.at(j)));
        }
    }
}

QTEST_GUILESS_MAIN(TestCollationKey)
#include "tst_collationkey.moc"
