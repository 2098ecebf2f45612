// SPDX-License-Identifier: MIT
#include "importrunpage.h"

#include "importwizardstate.h"

#include "api/planhatclient.h"
#include "importer/importjournal.h"
#include "importer/importrunner.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QWizard>

namespace Planhat {

namespace {

QString durationText(double seconds)
{
    const qint64 whole = qint64(seconds + 0.5);
    if (whole < 60)
        return ImportRunPage::tr("%n s", nullptr, int(whole));
    if (whole < 3600)
        return ImportRunPage::tr("%1 min %2 s").arg(whole / 60).arg(whole % 60);
    return ImportRunPage::tr("%1 h %2 min").arg(whole / 3600).arg((whole % 3600) / 60);
}

} // namespace

ImportRunPage::ImportRunPage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_progressBar(new QProgressBar(this))
    , m_statusLabel(new QLabel(this))
    , m_rateLimitLabel(new QLabel(this))
    , m_journalLabel(new QLabel(this))
    , m_stopButton(new QPushButton(tr("&Stop after this chunk"), this))
{
    setTitle(tr("Import"));
    setSubTitle(tr("Rows are sent in chunks. Stopping waits for the chunk in flight."));
    m_progressBar->setObjectName(QStringLiteral("runProgress"));
    m_statusLabel->setObjectName(QStringLiteral("runStatusLabel"));
    m_rateLimitLabel->setObjectName(QStringLiteral("rateLimitLabel"));
    m_journalLabel->setObjectName(QStringLiteral("journalLabel"));
    m_journalLabel->setWordWrap(true);
    m_journalLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stopButton->setObjectName(QStringLiteral("stopButton"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_progressBar);
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_rateLimitLabel);
    layout->addWidget(m_stopButton, 0, Qt::AlignLeft);
    layout->addStretch();
    layout->addWidget(m_journalLabel);

    connect(m_stopButton, &QPushButton::clicked, this, &ImportRunPage::stop);
}

ImportRunPage::~ImportRunPage() = default;

void ImportRunPage::initializePage()
{
    m_finished = false;
    m_rateLimitLabel->clear();
    m_stopButton->setEnabled(true);
    m_stopButton->setFocus();
    const std::shared_ptr<const ImportPlan> plan = m_state->plan;
    if (!plan)
        return;
    m_progressBar->setRange(0, int(qMin<qint64>(plan->rowCount(), INT_MAX)));
    m_progressBar->setValue(0);
    m_statusLabel->setText(tr("Starting…"));

    if (m_state->runner)
        m_state->runner->deleteLater(); // an earlier import of this wizard: finished
    auto *runner = new ImportRunner(m_state->client, plan, wizard());
    m_state->runner = runner;
    QString error;
    std::unique_ptr<ImportJournal> journal = m_state->resume
        ? ImportJournal::openForAppend(m_state->resume->path, &error)
        : ImportJournal::create(ImportJournal::defaultDirectory(), plan->settings(),
                                plan->rowCount(), &error, plan->fileFingerprint());
    if (m_state->resume) {
        // Rows with a recorded outcome keep it; rows in flight when it stopped are settled
        // from the tenant, so nothing is created twice.
        runner->setResumeState(*m_state->resume);
    }
    if (journal) {
        m_journalLabel->setText(tr("Journal: %1").arg(journal->path()));
        runner->setJournal(std::move(journal));
    } else {
        // Still worth running, but say plainly what is lost.
        m_journalLabel->setText(
            tr("No journal could be written (%1): this import cannot be resumed or undone.")
                .arg(error));
    }
    connect(runner, &ImportRunner::progress, this, &ImportRunPage::showProgress);
    connect(runner, &ImportRunner::rateLimitWaitStarted, this, [this](int milliseconds) {
        // Whole seconds rounded up, as planhat-cli says it: "rate limited, waiting 45 s".
        m_rateLimitLabel->setText(
            tr("Rate limited, waiting %1 s").arg((qint64(milliseconds) + 999) / 1000));
        m_rateLimitShown.start();
    });
    connect(runner, &ImportRunner::finished, this, &ImportRunPage::handleFinished);
    runner->start();
}

bool ImportRunPage::stop()
{
    if (!m_state->runner || !m_state->runner->isRunning() || m_finished)
        return false;
    m_state->runner->cancel();
    m_stopButton->setEnabled(false);
    m_statusLabel->setText(tr("Stopping after the chunk in flight…"));
    return true;
}

void ImportRunPage::showProgress(const ImportProgress &progress)
{
    m_progressBar->setMaximum(int(qMin<qint64>(progress.rowsTotal, INT_MAX)));
    m_progressBar->setValue(int(qMin<qint64>(progress.rowsDone, INT_MAX)));
    QString text = tr("%1 of %2 rows done").arg(progress.rowsDone).arg(progress.rowsTotal);
    if (progress.rowsPerSecond > 0)
        text += tr(", %1 rows/s").arg(progress.rowsPerSecond, 0, 'f', 0);
    if (progress.secondsLeft >= 0)
        text += tr(", about %1 left").arg(durationText(progress.secondsLeft));
    if (m_stopButton->isEnabled())
        m_statusLabel->setText(text);
    // A wait message stays a few seconds after the wait, then goes.
    if (m_rateLimitShown.isValid() && m_rateLimitShown.elapsed() > 5000) {
        m_rateLimitLabel->clear();
        m_rateLimitShown.invalidate();
    }
}

void ImportRunPage::handleFinished(const ImportRunSummary &summary)
{
    if (m_finished)
        return; // retries from the results page end here too
    m_finished = true;
    m_stopButton->setEnabled(false);
    m_progressBar->setValue(m_progressBar->maximum() - int(qMin<qint64>(summary.pending, INT_MAX)));
    if (summary.fileChanged) {
        // Edited while the wizard showed its plan: what would be sent is not what was checked.
        m_statusLabel->setText(tr("Nothing was sent: %1.").arg(summary.lastError.message()));
    } else {
        m_statusLabel->setText(
            summary.cancelled ? tr("Stopped: %n row(s) not sent.", nullptr, int(summary.pending))
                              : tr("Done."));
    }
    if (!summary.journalError.isEmpty()) {
        // Outcomes after the failed write are not on disk: say what that costs.
        m_journalLabel->setText(tr("The journal could not be written (%1): this import cannot "
                                   "be fully resumed or undone.")
                                    .arg(summary.journalError));
    }
    Q_EMIT completeChanged();
    Q_EMIT runFinished();
    // Move on by ourselves: the results are what the user waits for.
    QTimer::singleShot(0, this, [this] {
        if (wizard() && wizard()->currentPage() == this)
            wizard()->next();
    });
}

bool ImportRunPage::isComplete() const
{
    return m_finished;
}

} // namespace Planhat
