// SPDX-License-Identifier: MIT
#include "importfilepage.h"

#include "importwizardstate.h"
#include "ui_importfilepage.h"

#include "models/csvpreviewmodel.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>

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
    const QString path = QFileDialog::getOpenFileName(this, tr("Import CSV file"),
                                                      QFileInfo(m_ui->pathEdit->text()).path(),
                                                      tr("CSV files (*.csv *.txt);;All files (*)"));
    if (!path.isEmpty())
        m_ui->pathEdit->setText(path);
}

void ImportFilePage::reloadPreview()
{
    const QString path = m_ui->pathEdit->text().trimmed();
    m_state->filePath = path;
    m_state->csvOptions = CsvOptions();
    m_state->csvOptions.encoding = CsvEncoding(m_ui->encodingCombo->currentData().toInt());
    m_state->csvOptions.delimiter = m_ui->delimiterCombo->currentData().toChar();
    m_state->csvOptions.headerRow = m_ui->headerRowCheck->isChecked()
        ? CsvOptions::HeaderRow::FirstRow
        : CsvOptions::HeaderRow::None;
    if (path.isEmpty()) {
        m_state->preview = CsvPreview();
        m_previewModel->clear();
        m_ui->detectedLabel->clear();
        m_ui->issuesLabel->clear();
        Q_EMIT completeChanged();
        return;
    }
    // Only the first rows are read: quick even for a file of millions of rows.
    m_state->preview = CsvPreview::read(path, m_state->csvOptions, previewRows);
    const CsvPreview &preview = m_state->preview;
    if (!preview.isValid()) {
        m_previewModel->clear();
        m_ui->detectedLabel->setText(preview.error);
        m_ui->issuesLabel->clear();
        Q_EMIT completeChanged();
        return;
    }
    m_previewModel->setContent(preview.headers, preview.rows);
    m_ui->previewView->resizeColumnsToContents();
    const QString shown = preview.atEnd
        ? tr("%n data row(s) in the file", nullptr, int(preview.rows.size()))
        : tr("the first %n data rows", nullptr, int(preview.rows.size()));
    m_ui->detectedLabel->setText(
        tr("Read as %1, columns separated by %2: %3 column(s), %4.")
            .arg(csvEncodingName(preview.encoding), delimiterName(preview.delimiter))
            .arg(preview.headers.size())
            .arg(shown));
    QStringList issues;
    for (const CsvIssue &issue : preview.issues)
        issues.append(issue.toString(QFileInfo(path).fileName()));
    m_ui->issuesLabel->setText(issues.join(QLatin1Char('\n')));
    Q_EMIT completeChanged();
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
    // Journals find an interrupted import by the file's absolute path.
    m_state->filePath = QFileInfo(m_state->filePath).absoluteFilePath();
    return true;
}

} // namespace Planhat
