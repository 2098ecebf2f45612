// SPDX-License-Identifier: MIT
// bench_recordmerge: what taking a table's pages in costs the GUI thread, without the network
// and the sandbox around it. Loads COMPANIES companies from planhat-sandbox through a
// RecordLoader (pages encoded into blocks on the pool, as the table does), stops the sandbox,
// then merges the blocks into a fresh RecordStore and TextKeys as ObjectTableModel does, a few
// times over, and prints the thread CPU time of the merges: in all, per block on average, the
// longest, and the blocks that took longest (growth of the table's arrays shows there).
// Asserts nothing.
// Usage: bench_recordmerge [COMPANIES] [ROUNDS] (default 100000 and 3).
#include "benchsupport.h"
#include "sandboxprocess.h"

#include "api/planhatclient.h"
#include "models/objecttablemodel.h"
#include "models/recordloader.h"
#include "models/recordstore.h"
#include "models/textkeys.h"
#include "schema/customfieldcatalog.h"
#include "schema/schema.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <vector>

using namespace Planhat;
using namespace Planhat::Test;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 100000;
    const int rounds = argc > 2 ? QByteArray(argv[2]).toInt() : 3;

    auto sandbox = std::make_unique<SandboxProcess>();
    if (!sandbox->start({QStringLiteral("--seed-companies"), QString::number(total)})) {
        std::fprintf(stderr, "bench_recordmerge: %s\n", qPrintable(sandbox->errorString()));
        return 1;
    }
    PlanhatClient client(sandbox->url());
    client.setToken(SandboxProcess::token());
    ClientOptions options = client.options();
    options.requestsPerMinute = 0;
    client.setOptions(options);
    const CustomFieldCatalog catalog = loadCatalog(&client);
    const ObjectType companies
        = catalog.apply(*Schema::builtin().type(QStringLiteral("companies")));

    // The table's columns and the columns whose sort keys it has made ahead.
    ObjectTableModel model(companies, nullptr);
    const QList<ObjectColumn> columns = model.availableColumns();
    QList<int> keyColumns;
    for (int visible = 0; visible < model.columnCount(); ++visible) {
        const int column = model.availableIndex(visible);
        const ObjectColumn &spec = columns.at(column);
        if (TextKeys::appliesTo(spec) && spec.type() != FieldType::ObjectId)
            keyColumns.append(column);
    }

    RecordLoader loader(companies, columns, &client);
    loader.setKeyColumns(keyColumns, QLocale());
    std::vector<RecordBlock> blocks;
    QObject::connect(&loader, &RecordLoader::rowsReceived, &loader,
                     [&blocks](const RecordBlock &block) { blocks.push_back(block); });
    QEventLoop loop;
    QObject::connect(&loader, &RecordLoader::finished, &loop, &QEventLoop::quit);
    loader.start();
    loop.exec();
    sandbox.reset();
    std::printf("%zu blocks of %d companies; %d columns, %lld with keys\n", blocks.size(), total,
                int(columns.size()), qint64(keyColumns.size()));

    for (int round = 0; round < rounds; ++round) {
        RecordStore store(columns);
        std::vector<std::shared_ptr<TextKeys>> keys(size_t(columns.size()));
        std::vector<std::pair<double, size_t>> costs;
        const double start = threadCpuMs();
        for (size_t i = 0; i < blocks.size(); ++i) {
            const double before = threadCpuMs();
            const RecordBlock &block = blocks[i];
            std::vector<std::vector<quint32>> stringMaps;
            store.append(block.rows, block.keys.empty() ? nullptr : &stringMaps);
            for (const auto &[column, blockKeys] : block.keys) {
                std::shared_ptr<TextKeys> &kept = keys[size_t(column)];
                if (!kept)
                    kept = std::make_shared<TextKeys>(blockKeys->locale());
                kept->merge(*blockKeys, stringMaps[size_t(column)]);
            }
            costs.emplace_back(threadCpuMs() - before, i);
            std::fprintf(stderr, "block %zu: %.1f\n", i, costs.back().first);
        }
        const double all = threadCpuMs() - start;
        std::sort(costs.rbegin(), costs.rend());
        std::printf("round %d: %d rows merged in %.0f ms CPU, %.2f ms a block, longest:", round,
                    store.rowCount(), all, all / double(blocks.size()));
        for (size_t i = 0; i < std::min<size_t>(5, costs.size()); ++i)
            std::printf(" %.1f (block %zu)", costs[i].first, costs[i].second);
        std::printf("\n");
    }
    return 0;
}
