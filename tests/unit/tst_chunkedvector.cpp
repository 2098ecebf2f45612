// SPDX-License-Identifier: MIT
// ChunkedVector: an array in fixed-size chunks reads back what was put in, across chunk
// boundaries, and copies share chunks without seeing each other's changes.
#include "models/chunkedvector.h"

#include <QString>
#include <QTest>

#include <cmath>
#include <random>
#include <vector>

using namespace Planhat;

class TestChunkedVector final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void growsAcrossChunks();
    void appendsAndResizes();
    void copiesDoNotSeeEachOthersChanges();
    void copiesMadeWhileTheFirstChunkGrows();
    void holdsNonTrivialElements();
    void zerosShareOneChunkUntilWritten();
    void reservesWithoutChangingElements();

private:
    // Chunks of 16 elements: a few hundred elements cross many chunk boundaries.
    using Small = ChunkedVector<int, 4>;
    static void compare(const Small &chunked, const std::vector<int> &expected);
};

void TestChunkedVector::compare(const Small &chunked, const std::vector<int> &expected)
{
    QCOMPARE(chunked.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        if (chunked[i] != expected[i])
            QFAIL(qPrintable(QStringLiteral("element %1 is %2, not %3")
                                 .arg(i)
                                 .arg(chunked[i])
                                 .arg(expected[i])));
    }
}

void TestChunkedVector::growsAcrossChunks()
{
    Small chunked;
    std::vector<int> expected;
    QVERIFY(chunked.empty());
    for (int i = 0; i < 500; ++i) {
        chunked.push_back(i * 3);
        expected.push_back(i * 3);
        QCOMPARE(chunked[size_t(i)], i * 3);
    }
    compare(chunked, expected);
    for (size_t i = 0; i < expected.size(); i += 7) {
        chunked.set(i, -int(i));
        expected[i] = -int(i);
    }
    compare(chunked, expected);
    chunked.clear();
    QVERIFY(chunked.empty());
    chunked.push_back(42);
    compare(chunked, {42});
}

void TestChunkedVector::appendsAndResizes()
{
    Small chunked;
    std::vector<int> expected;
    // Appends that start and end inside chunks and span several.
    for (size_t count : {3, 13, 1, 40, 16, 0, 77}) {
        const size_t before = expected.size();
        chunked.append(count, [before](size_t i) { return int(before + i); });
        for (size_t i = 0; i < count; ++i)
            expected.push_back(int(before + i));
        compare(chunked, expected);
    }
    chunked.resize(200, 9);
    expected.resize(200, 9);
    compare(chunked, expected);
    chunked.resize(10);
    expected.resize(10);
    compare(chunked, expected);
    // Growing again sets the elements dropped before.
    chunked.resize(50, 5);
    expected.resize(50, 5);
    compare(chunked, expected);
}

void TestChunkedVector::copiesDoNotSeeEachOthersChanges()
{
    Small original;
    original.append(100, [](size_t i) { return int(i); });
    std::vector<int> expected(100);
    for (size_t i = 0; i < 100; ++i)
        expected[i] = int(i);

    // As a snapshot read on another thread while the table goes on.
    const Small snapshot = original;
    std::vector<int> changed = expected;
    original.set(3, -3); // in the first chunk
    changed[3] = -3;
    original.set(99, -99); // in the last, partly filled chunk
    changed[99] = -99;
    for (int i = 0; i < 60; ++i) {
        original.push_back(1000 + i);
        changed.push_back(1000 + i);
    }
    compare(original, changed);
    compare(snapshot, expected);

    // Both sides add to the same shared, partly filled last chunk.
    Small copy = snapshot;
    Small other = snapshot;
    copy.push_back(7);
    other.push_back(8);
    std::vector<int> withSeven = expected;
    withSeven.push_back(7);
    std::vector<int> withEight = expected;
    withEight.push_back(8);
    compare(copy, withSeven);
    compare(other, withEight);
    compare(snapshot, expected);

    Small assigned;
    assigned = copy;
    assigned.resize(300, 1);
    compare(copy, withSeven);
}

void TestChunkedVector::copiesMadeWhileTheFirstChunkGrows()
{
    // The first chunk is reallocated as it doubles: a copy keeps the smaller one.
    Small original;
    original.push_back(1);
    const Small one = original;
    for (int i = 2; i <= 12; ++i)
        original.push_back(i);
    const Small twelve = original;
    original.append(30, [](size_t i) { return int(100 + i); });
    original.set(0, -1);
    compare(one, {1});
    compare(twelve, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    QCOMPARE(original.size(), size_t(42));
    QCOMPARE(original[0], -1);
    QCOMPARE(original[41], 129);
}

void TestChunkedVector::holdsNonTrivialElements()
{
    ChunkedVector<QString, 2> texts;
    for (int i = 0; i < 30; ++i)
        texts.push_back(QString::number(i));
    const ChunkedVector<QString, 2> copy = texts;
    texts.set(5, QStringLiteral("five"));
    texts.resize(40, QStringLiteral("x"));
    QCOMPARE(texts[5], QStringLiteral("five"));
    QCOMPARE(texts[39], QStringLiteral("x"));
    QCOMPARE(texts[29], QStringLiteral("29"));
    QCOMPARE(copy[5], QStringLiteral("5"));
    QCOMPARE(copy.size(), size_t(30));
}

void TestChunkedVector::zerosShareOneChunkUntilWritten()
{
    // Whole chunks of zeros are one chunk shared by every array: the same element address.
    Small zeros;
    zeros.resize(200, 0);
    Small others;
    others.append(200, [](size_t) { return 0; });
    QCOMPARE(&zeros[100], &others[100]);
    QCOMPARE(&zeros[3], &others[3]); // the first chunk too
    QCOMPARE(&zeros[199], &others[39]);

    // Values among zeros, however they come in, read back; the shared zeros stay zeros.
    std::vector<int> expected(200, 0);
    zeros.set(100, 5);
    expected[100] = 5;
    compare(zeros, expected);
    compare(others, std::vector<int>(200, 0));
    std::mt19937 random(13);
    for (int round = 0; round < 20; ++round) {
        const size_t count = random() % 40;
        const size_t before = expected.size();
        std::vector<int> values(count);
        for (int &value : values)
            value = random() % 4 == 0 ? int(random() % 100) + 1 : 0;
        zeros.append(count, [&values](size_t i) { return values[i]; });
        expected.insert(expected.end(), values.begin(), values.end());
        for (int i = 0; i < 3 && before > 0; ++i) {
            const size_t at = random() % expected.size();
            const int value = random() % 2 == 0 ? 0 : int(at) + 1;
            zeros.set(at, value);
            expected[at] = value;
        }
        zeros.push_back(round % 3 == 0 ? round + 1 : 0);
        expected.push_back(round % 3 == 0 ? round + 1 : 0);
        compare(zeros, expected);
    }
    compare(others, std::vector<int>(200, 0));

    // A first chunk made for a value keeps the zeros before it, and grows as before.
    ChunkedVector<int, 8> first; // a first chunk that doubles up to 256 elements
    first.resize(5, 0);
    first.push_back(6);
    first.append(40, [](size_t i) { return int(i % 3); });
    std::vector<int> expectedFirst(5, 0);
    expectedFirst.push_back(6);
    for (size_t i = 0; i < 40; ++i)
        expectedFirst.push_back(int(i % 3));
    QCOMPARE(first.size(), expectedFirst.size());
    for (size_t i = 0; i < expectedFirst.size(); ++i)
        QCOMPARE(first[i], expectedFirst[i]);

    // A negative zero is no zero.
    ChunkedVector<double, 4> numbers;
    numbers.resize(64, 0.0);
    numbers.set(40, -0.0);
    QVERIFY(std::signbit(numbers[40]));
    QVERIFY(!std::signbit(numbers[41]));
}

void TestChunkedVector::reservesWithoutChangingElements()
{
    // Room reserved, in the first chunk or in more, keeps what is there and shares nothing
    // with a copy.
    Small chunked;
    std::vector<int> expected;
    for (int i = 0; i < 5; ++i) {
        chunked.push_back(i);
        expected.push_back(i);
    }
    const Small before = chunked;
    chunked.reserve(12); // within the first chunk
    compare(chunked, expected);
    chunked.reserve(100); // more chunks
    compare(chunked, expected);
    for (int i = 5; i < 150; ++i) {
        chunked.push_back(i * 2);
        expected.push_back(i * 2);
    }
    compare(chunked, expected);
    chunked.set(2, -2);
    expected[2] = -2;
    compare(chunked, expected);
    compare(before, {0, 1, 2, 3, 4});
    chunked.reserve(10); // less than held: nothing changes
    compare(chunked, expected);
}

QTEST_GUILESS_MAIN(TestChunkedVector)
#include "tst_chunkedvector.moc"
