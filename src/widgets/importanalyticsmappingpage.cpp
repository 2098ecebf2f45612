// SPDX-License-Identifier: MIT
#include "importanalyticsmappingpage.h"

#include "importwizard.h"
#include "importwizardstate.h"

#include "analytics/analyticsrowconverter.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace Planhat {

ImportAnalyticsMappingPage::ImportAnalyticsMappingPage(ImportWizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_form(new QFormLayout)
    , m_problemLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("analyticsMappingPage"));
    setTitle(tr("Columns"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    m_problemLabel->setObjectName(QStringLiteral("mappingProblemLabel"));
    m_problemLabel->setWordWrap(true);
    layout->addWidget(m_problemLabel);
    layout->addStretch();
}

ImportAnalyticsMappingPage::~ImportAnalyticsMappingPage() = default;

void ImportAnalyticsMappingPage::initializePage()
{
    const AnalyticsTarget target = m_state->analyticsTarget.value_or(AnalyticsTarget::Activities);
    setSubTitle(tr("Choose the column that holds each field of the %1. Columns left out are "
                   "not sent.")
                    .arg(AnalyticsTargets::label(target).toLower()));
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_combos.clear();
    const QStringList &headers = m_state->preview.headers;
    const bool sameTarget = m_state->analyticsColumnsTarget == m_state->analyticsTarget;
    const QHash<QString, int> chosen = sameTarget && !m_state->analyticsColumns.isEmpty()
        ? m_state->analyticsColumns
        : AnalyticsRowConverter::guessColumns(target, headers);
    for (const AnalyticsField &field : AnalyticsTargets::fields(target)) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(QStringLiteral("field_") + field.name);
        combo->addItem(tr("(not sent)"), -1);
        for (int index = 0; index < headers.size(); ++index)
            combo->addItem(headers.at(index), index);
        combo->setCurrentIndex(qMax(0, combo->findData(chosen.value(field.name, -1))));
        combo->setToolTip(field.description);
        connect(combo, &QComboBox::currentIndexChanged, this,
                &ImportAnalyticsMappingPage::updateProblem);
        m_form->addRow(field.label + QLatin1Char(':'), combo);
        m_combos.insert(field.name, combo);
    }
    updateProblem();
}

QHash<QString, int> ImportAnalyticsMappingPage::columns() const
{
    QHash<QString, int> columns;
    for (auto it = m_combos.cbegin(); it != m_combos.cend(); ++it) {
        const int column = it.value()->currentData().toInt();
        if (column >= 0)
            columns.insert(it.key(), column);
    }
    return columns;
}

void ImportAnalyticsMappingPage::updateProblem()
{
    const AnalyticsRowConverter converter(
        m_state->analyticsTarget.value_or(AnalyticsTarget::Activities), m_state->preview.headers,
        columns());
    const QString problem = converter.mappingError();
    m_problemLabel->setText(problem.isEmpty() ? QString() : tr("Missing: %1.").arg(problem));
    Q_EMIT completeChanged();
}

bool ImportAnalyticsMappingPage::isComplete() const
{
    return AnalyticsRowConverter(m_state->analyticsTarget.value_or(AnalyticsTarget::Activities),
                                 m_state->preview.headers, columns())
        .mappingError()
        .isEmpty();
}

bool ImportAnalyticsMappingPage::validatePage()
{
    m_state->analyticsColumns = columns();
    m_state->analyticsColumnsTarget = m_state->analyticsTarget;
    return true;
}

int ImportAnalyticsMappingPage::nextId() const
{
    return ImportWizard::AnalyticsCheckPage;
}

} // namespace Planhat
