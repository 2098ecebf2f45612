// SPDX-License-Identifier: MIT
#include "importfilepage.h"

#include "importwizardstate.h"
#include "ui_importfilepage.h"

#include "models/csvpreviewmodel.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QSignalBlocker>

namespace Planhat {

namespace {

QString delimiterName(QChar delimiter)
{
    switch (delimiter.unicode()) {
    case u',':
        return ImportFilePage::tr("comma");
    case u';':
        return ImportFilePage::tr("semicolon");
    case u'\t':
        return ImportFilePage::tr("tab");
    case u'|':
        return ImportFilePage::tr("pipe");
    default:
        return QStringLiteral("\"%1\"").arg(delimiter);
    }
}

} // namespace

ImportFilePage::ImportFilePage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_ui(std::make_unique<Ui::ImportFilePage>())
    , m_state(state)
    , m_previewModel(new CsvPreviewModel(this))
{
    m_ui->setupUi(this);
    m_ui->previewView->setModel(m_previewModel);
    m_ui->previewView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);

    m_ui->encodingCombo->addItem(tr("Detect"), int(CsvEncoding::Detect));
    for (CsvEncoding encoding :
         {CsvEncoding::Utf8, CsvEncoding::Utf16LE, CsvEncoding::Utf16BE, CsvEncoding::Windows1252})
        m_ui->encodingCombo->addItem(csvEncodingName(encoding), int(encoding));
    m_ui->delimiterCombo->addItem(tr("Detect"), QChar());
    for (QChar delimiter : {QChar(u','), QChar(u';'), QChar(u'\t'), QChar(u'|')})
        m_ui->delimiterCombo->addItem(delimiterName(delimiter), delimiter);

    connect(m_ui->browseButton, &QPushButton::clicked, this, &ImportFilePage::chooseFile);
    connect(m_ui->pathEdit, &QLineEdit::textChanged, this, &ImportFilePage::reloadPreview);
    connect(m_ui->encodingCombo, &QComboBox::currentIndexChanged, this,
            &ImportFilePage::reloadPreview);
    connect(m_ui->delimiterCombo, &QComboBox::currentIndexChanged, this,
            &ImportFilePage::reloadPreview);
    connect(m_ui->headerRowCheck, &QCheckBox::toggled, this, &ImportFilePage::reloadPreview);
    connect(m_ui->sheetCombo, &QComboBox::currentIndexChanged, this,
            &ImportFilePage::reloadPreview);
    showWorkbookControls(false);
}

ImportFilePage::~ImportFilePage() = default;

void ImportFilePage::setFilePath(const QString &path)
{
    m_ui->pathEdit->setText(path);
}

void ImportFilePage::initializePage()
{
    if (m_ui->pathEdit->text().isEmpty())
        m_ui->pathEdit->setFocus();
    reloadPreview();
}

void ImportFilePage::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import file"), QFileInfo(m_ui->pathEdit->text()).path(),
        tr("CSV files and Excel workbooks (*.csv *.txt *.xlsx);;CSV files (*.csv *.txt);;"
           "Excel workbooks (*.xlsx);;All files (*)"));
    if (!path.isEmpty())
        m_ui->pathEdit->setText(path);
}

void ImportFilePage::reloadPreview()
{
    const QString path = m_ui->pathEdit->text().trimmed();
    if (path != m_state->filePath) {
        // Another file: its own default sheet, not the previous workbook's choice.
        const QSignalBlocker blocker(m_ui->sheetCombo);
        m_ui->sheetCombo->clear();
    }
    m_state->filePath = path;
    m_state->csvOptions = CsvOptions();
    m_state->csvOptions.encoding = CsvEncoding(m_ui->encodingCombo->currentData().toInt());
    m_state->csvOptions.delimiter = m_ui->delimiterCombo->currentData().toChar();
    m_state->csvOptions.headerRow = m_ui->headerRowCheck->isChecked()
        ? CsvOptions::HeaderRow::FirstRow
        : CsvOptions::HeaderRow::None;
    m_state->sheet = m_ui->sheetCombo->currentData().toString();
    m_state->headerRow = m_ui->headerRowCheck->isChecked() ? 1 : 0;
    if (path.isEmpty()) {
        m_state->preview = CsvPreview();
        m_previewModel->clear();
        m_ui->detectedLabel->clear();
        m_ui->issuesLabel->clear();
        showWorkbookControls(false);
        Q_EMIT completeChanged();
        return;
    }
    // Only the first rows are read: quick even for a file of millions of rows.
    TableOptions options;
    options.csv = m_state->csvOptions;
    options.sheet = m_state->sheet;
    options.headerRow = m_state->headerRow;
    m_state->preview = CsvPreview::read(path, options, previewRows);
    const CsvPreview &preview = m_state->preview;
    showWorkbookControls(preview.isWorkbook() || TableReader::isWorkbook(path));
    if (!preview.isValid()) {
        m_previewModel->clear();
        m_ui->detectedLabel->setText(preview.error);
        m_ui->issuesLabel->clear();
        Q_EMIT completeChanged();
        return;
    }
    if (preview.isWorkbook())
        fillSheets(preview);
    m_previewModel->setContent(preview.headers, preview.rows);
    m_ui->previewView->resizeColumnsToContents();
    const QString shown = preview.atEnd
        ? tr("%n data row(s) in the file", nullptr, int(preview.rows.size()))
        : tr("the first %n data rows", nullptr, int(preview.rows.size()));
    if (preview.isWorkbook()) {
        m_ui->detectedLabel->setText(tr("Sheet \"%1\" of the workbook: %2 column(s), %3.")
                                         .arg(preview.sheet)
                                         .arg(preview.headers.size())
                                         .arg(shown));
    } else {
        m_ui->detectedLabel->setText(
            tr("Read as %1, columns separated by %2: %3 column(s), %4.")
                .arg(csvEncodingName(preview.encoding), delimiterName(preview.delimiter))
                .arg(preview.headers.size())
                .arg(shown));
    }
    m_ui->issuesLabel->setText(preview.issueTexts.join(QLatin1Char('\n')));
    Q_EMIT completeChanged();
}

void ImportFilePage::showWorkbookControls(bool workbook)
{
    // A workbook has typed cells: no encoding or delimiter to choose, but a sheet.
    m_ui->encodingLabel->setVisible(!workbook);
    m_ui->encodingCombo->setVisible(!workbook);
    m_ui->delimiterLabel->setVisible(!workbook);
    m_ui->delimiterCombo->setVisible(!workbook);
    m_ui->sheetLabel->setVisible(workbook);
    m_ui->sheetCombo->setVisible(workbook);
}

void ImportFilePage::fillSheets(const CsvPreview &preview)
{
    const QSignalBlocker blocker(m_ui->sheetCombo);
    m_ui->sheetCombo->clear();
    for (const WorkbookSheet &sheet : preview.sheets) {
        QString label = sheet.name;
        if (sheet.empty)
            label = tr("%1 (empty)").arg(sheet.name);
        else if (sheet.hidden)
            label = tr("%1 (hidden)").arg(sheet.name);
        m_ui->sheetCombo->addItem(label, sheet.name);
    }
    m_ui->sheetCombo->setCurrentIndex(m_ui->sheetCombo->findData(preview.sheet));
}

bool ImportFilePage::isComplete() const
{
    return m_state->preview.isValid() && !m_state->preview.headers.isEmpty()
        && !m_state->filePath.isEmpty();
}

bool ImportFilePage::validatePage()
{
    // Later steps read the whole file: fix what was detected so they read it the same way.
    m_state->csvOptions.encoding = m_state->preview.encoding;
    m_state->csvOptions.delimiter = m_state->preview.delimiter;
    m_state->sheet = m_state->preview.sheet;
    // Journals find an interrupted import by the file's absolute path.
    m_state->filePath = QFileInfo(m_state->filePath).absoluteFilePath();
    return true;
}

} // namespace Planhat
