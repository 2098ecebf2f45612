// SPDX-License-Identifier: MIT
#pragma once

#include "schema/objecttype.h"

#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include <QPointer>

#include <memory>
#include <vector>

class QLabel;

namespace Ui {
class RecordFormDialog;
}

namespace Planhat {

class ApiError;
class FieldEditor;
class PlanhatClient;
class ReferenceResolver;

/// The form that creates a record or edits one, generated from its ObjectType: every
/// writable field with a typed editor (FieldEditor), required fields marked, custom fields
/// in their own section. Save checks the input first (required fields, values each field
/// accepts) and shows problems under the fields; then it creates the record, or updates
/// only the fields that changed. A server refusal is shown at the top of the form and the
/// input stays, so nothing typed is lost. On success recordSaved() carries the record as
/// the server returned it and the dialog closes.
class RecordFormDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordFormDialog)
public:
    /// A form that creates a record of `type` (custom fields applied). `client` and
    /// `resolver` are not owned.
    RecordFormDialog(const ObjectType &type, PlanhatClient *client, ReferenceResolver *resolver,
                     QWidget *parent = nullptr);
    ~RecordFormDialog() override;

    /// Makes this form edit `record` (which must have an `_id`).
    void setRecord(const QJsonObject &record);
    bool isEditing() const { return !m_original.isEmpty(); }

    /// The editor widget of field `fieldName` ("name", "custom.Region"), or nullptr.
    QWidget *editor(const QString &fieldName) const;
    /// The problem shown under `fieldName`, or an empty string.
    QString fieldError(const QString &fieldName) const;
    /// The server's refusal shown at the top, or an empty string.
    QString serverError() const;

    /// What the form would send: all entered fields (create), or the changed ones (edit).
    /// Returns false and shows the problems when the input is not acceptable.
    bool collectPayload(QJsonObject *payload);

Q_SIGNALS:
    void recordSaved(const QJsonObject &record);

public:
    void accept() override;

private:
    void buildForm();
    void showFieldError(const QString &fieldName, const QString &message);
    void clearErrors();
    void setBusy(bool busy);
    void handleSaved(const QJsonObject &sent, const QJsonObject &returned, const ApiError &error);

    std::unique_ptr<Ui::RecordFormDialog> m_ui;
    ObjectType m_type;
    QPointer<PlanhatClient> m_client;
    QPointer<ReferenceResolver> m_resolver;
    std::vector<std::unique_ptr<FieldEditor>> m_editors;
    QHash<QString, QLabel *> m_errorLabels;
    QJsonObject m_original;
    bool m_busy = false;
};

} // namespace Planhat
