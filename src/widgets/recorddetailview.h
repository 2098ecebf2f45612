// SPDX-License-Identifier: MIT
#pragma once

#include "models/valueformatter.h"
#include "schema/objecttype.h"

#include <QJsonObject>
#include <QScrollArea>

class QFormLayout;
class QLabel;

namespace Planhat {

/// The right-hand panel: every field of the selected record, standard fields first and
/// custom fields in their own section, shown as the table shows them (names for
/// references, dates in the user's locale). Text can be selected and copied.
class RecordDetailView final : public QScrollArea
{
    Q_OBJECT
public:
    explicit RecordDetailView(QWidget *parent = nullptr);
    ~RecordDetailView() override;

    /// The formatter decides how values read; its name lookup resolves references.
    void setFormatter(const ValueFormatter &formatter);
    void setRecord(const ObjectType &type, const QJsonObject &record);
    void clear();

    /// The text shown for `fieldName`, or a null string when the field is not shown.
    QString shownText(const QString &fieldName) const;

Q_SIGNALS:
    /// The "Show metrics…" button of a company's details was pressed.
    void metricsRequested(const QString &companyId, const QString &companyName);

private:
    void addRow(QFormLayout *form, const FieldSpec &field, const QJsonValue &value);

    ValueFormatter m_formatter;
    QLabel *m_title = nullptr;
    QWidget *m_content = nullptr;
    QHash<QString, QLabel *> m_valueLabels;
};

} // namespace Planhat
