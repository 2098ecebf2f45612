// SPDX-License-Identifier: MIT
#include "tablereader.h"

#include "csv/csvreader.h"
#include "sheetreader.h"
#include "workbookreader.h"

#include <QFile>
#include <QFileInfo>

namespace Planhat {

namespace {

/// A CSV file behind the TableReader interface: owns the file and its CsvReader.
class CsvTableReader final : public TableReader
{
public:
    CsvTableReader(std::unique_ptr<QFile> file, const CsvOptions &options)
        : m_file(std::move(file))
        , m_reader(m_file.get(), options)
    { }

    Format format() const override { return Format::Csv; }
    CsvEncoding encoding() const override { return m_reader.encoding(); }
    QChar delimiter() const override { return m_reader.delimiter(); }
    void start() override { m_reader.start(); }
    bool readRow(CsvRow &row) override { return m_reader.readRow(row); }
    QStringList headers() const override { return m_reader.headers(); }
    const QList<CsvIssue> &issues() const override { return m_reader.issues(); }
    QString issueText(const CsvIssue &issue, const QString &fileName) const override
    {
        return issue.toString(fileName.isNull() ? m_reader.options().fileName : fileName);
    }
    QString rowText(qint64 line) const override
    {
        // Not arg(): --dry-run prints this for every row.
        return QLatin1String("line ") + QString::number(line);
    }
    qint64 bytesRead() const override { return m_reader.bytesRead(); }
    bool atEnd() const override { return m_reader.atEnd(); }
    bool stoppedEarly() const override { return m_reader.stoppedEarly(); }
    QString stopReason() const override
    {
        return QStringLiteral("a row is too long (an unterminated quote?)");
    }

private:
    std::unique_ptr<QFile> m_file;
    CsvReader m_reader;
};

} // namespace

TableReader::~TableReader() = default;

bool TableReader::isWorkbook(const QString &path)
{
    static const QStringList suffixes {QStringLiteral("xlsx"), QStringLiteral("xlsm"),
                                       QStringLiteral("xltx"), QStringLiteral("xltm")};
    const QFileInfo info(path);
    if (suffixes.contains(info.suffix().toLower()))
        return true;
    // Only a regular file is sniffed: reading the first bytes of a pipe would take them from
    // the reader that comes next.
    if (!info.isFile())
        return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = file.read(8);
    // A zip (what .xlsx is) or an OLE2 file (an encrypted workbook, or .xls): never a CSV,
    // and reading it as a workbook gives the error that says what it is.
    return head.startsWith("PK\x03\x04")
        || head == QByteArray("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
}

std::unique_ptr<TableReader> TableReader::open(const QString &path, const TableOptions &options,
                                               QString *error)
{
    const QString fileName = options.csv.fileName.isEmpty() ? path : options.csv.fileName;
    if (isWorkbook(path)) {
        auto workbook = std::make_unique<WorkbookReader>();
        if (!workbook->open(path, error, fileName))
            return nullptr;
        return SheetReader::open(std::move(workbook), options, error);
    }
    if (!options.sheet.isEmpty()) {
        *error = QStringLiteral("%1 is a CSV file: it has no sheets (a sheet is chosen only "
                                "in an .xlsx workbook)")
                     .arg(fileName);
        return nullptr;
    }
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(fileName, file->errorString());
        return nullptr;
    }
    CsvOptions csv = options.csv;
    csv.fileName = fileName;
    return std::make_unique<CsvTableReader>(std::move(file), csv);
}

} // namespace Planhat
