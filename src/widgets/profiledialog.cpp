// SPDX-License-Identifier: MIT
#include "profiledialog.h"

#include "palettecolors.h"
#include "ui_profiledialog.h"

#include "api/apiendpoint.h"
#include "auth/connectioncheck.h"
#include "auth/memorycredentialstore.h"

#include <QListWidgetItem>
#include <QMessageBox>
#include <QPushButton>
#include <QUuid>

namespace Planhat {

namespace {

const QString customRegion = QStringLiteral("custom");

} // namespace

ProfileDialog::ProfileDialog(const ProfileTokens &tokens, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ProfileDialog>())
    , m_tokens(tokens)
{
    m_ui->setupUi(this);
    m_ui->regionCombo->addItem(tr("Default (api.planhat.com)"), QString());
    for (const char *region : {"eu", "eu2", "eu3", "us2", "us4"}) {
        const QString name = QString::fromLatin1(region);
        m_ui->regionCombo->addItem(
            QStringLiteral("%1 (%2)").arg(name, ApiEndpoint::regionalBaseUrl(name).host()), name);
    }
    m_ui->regionCombo->addItem(tr("Custom base URL"), customRegion);
    m_ui->maxRateSpin->setRange(0, Profile::maxRequestsPerMinute);
    m_ui->maxRateSpin->setValue(Profile().requestsPerMinute);
    m_ui->sessionOnlyCheck->hide();
    m_ui->formErrorLabel->hide();
    m_ui->testResultLabel->hide();
    m_connectButton = m_ui->buttonBox->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setDefault(true);

    connect(m_ui->profileList, &QListWidget::currentItemChanged, this,
            &ProfileDialog::handleProfileChosen);
    connect(m_ui->newButton, &QPushButton::clicked, this, &ProfileDialog::startNewProfile);
    connect(m_ui->deleteButton, &QPushButton::clicked, this, &ProfileDialog::deleteProfile);
    connect(m_ui->testButton, &QPushButton::clicked, this, &ProfileDialog::testConnection);
    connect(m_ui->regionCombo, &QComboBox::currentIndexChanged, this,
            &ProfileDialog::updateBaseUrlEnabled);
    connect(m_ui->buttonBox->button(QDialogButtonBox::Save), &QPushButton::clicked, this,
            [this] { save(AfterSave::Stay); });
    connect(m_connectButton, &QPushButton::clicked, this, [this] { save(AfterSave::Connect); });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);

    reloadList(m_profiles.lastUsed());
    if (m_ui->profileList->count() == 0)
        startNewProfile();
}

ProfileDialog::~ProfileDialog() = default;

void ProfileDialog::showProfile(const QString &name, const QString &message)
{
    reloadList(name);
    if (!m_profiles.contains(name)) {
        startNewProfile();
        m_ui->nameEdit->setText(name);
    }
    if (!message.isEmpty())
        showFormError(message);
}

QString ProfileDialog::testResult() const
{
    return m_ui->testResultLabel->isHidden() ? QString() : m_ui->testResultLabel->text();
}

QString ProfileDialog::formError() const
{
    return m_ui->formErrorLabel->isHidden() ? QString() : m_ui->formErrorLabel->text();
}

QString ProfileDialog::tokenState() const
{
    return m_ui->tokenStateLabel->text();
}

void ProfileDialog::reloadList(const QString &select)
{
    const QSignalBlocker blocker(m_ui->profileList);
    m_ui->profileList->clear();
    for (const Profile &profile : m_profiles.profiles()) {
        auto *item = new QListWidgetItem(profile.name, m_ui->profileList);
        item->setToolTip(profile.baseUrl.toString());
        if (profile.name == select)
            m_ui->profileList->setCurrentItem(item);
    }
    if (!m_ui->profileList->currentItem() && m_ui->profileList->count() > 0)
        m_ui->profileList->setCurrentRow(0);
    handleProfileChosen();
}

void ProfileDialog::handleProfileChosen()
{
    m_ui->formErrorLabel->hide();
    m_ui->testResultLabel->hide();
    m_ui->tokenEdit->clear();
    const QListWidgetItem *item = m_ui->profileList->currentItem();
    m_ui->deleteButton->setEnabled(item != nullptr);
    if (!item)
        return;
    const std::optional<Profile> profile = m_profiles.profile(item->text());
    if (!profile)
        return;
    m_ui->nameEdit->setText(profile->name);
    m_ui->tenantEdit->setText(profile->tenantUuid);
    m_ui->maxRateSpin->setValue(profile->requestsPerMinute);
    int region = m_ui->regionCombo->findData(customRegion);
    for (int i = 0; i < m_ui->regionCombo->count(); ++i) {
        const QString name = m_ui->regionCombo->itemData(i).toString();
        if (name != customRegion
            && ApiEndpoint::regionalBaseUrl(name).matches(profile->baseUrl,
                                                          QUrl::StripTrailingSlash)) {
            region = i;
            break;
        }
    }
    m_ui->regionCombo->setCurrentIndex(region);
    m_ui->baseUrlEdit->setText(profile->baseUrl.toString());
    updateBaseUrlEnabled();
    refreshTokenState(profile->name);
}

void ProfileDialog::startNewProfile()
{
    const QSignalBlocker blocker(m_ui->profileList);
    m_ui->profileList->setCurrentItem(nullptr);
    m_ui->profileList->clearSelection();
    m_ui->deleteButton->setEnabled(false);
    m_ui->nameEdit->clear();
    m_ui->tenantEdit->clear();
    m_ui->tokenEdit->clear();
    m_ui->baseUrlEdit->clear();
    m_ui->maxRateSpin->setValue(Profile().requestsPerMinute);
    m_ui->regionCombo->setCurrentIndex(0);
    m_ui->formErrorLabel->hide();
    m_ui->testResultLabel->hide();
    m_ui->tokenStateLabel->setText(tr("Paste the API token of a Planhat service account."));
    updateBaseUrlEnabled();
    m_ui->nameEdit->setFocus();
}

void ProfileDialog::updateBaseUrlEnabled()
{
    const QString region = m_ui->regionCombo->currentData().toString();
    const bool custom = region == customRegion;
    m_ui->baseUrlEdit->setEnabled(custom);
    if (!custom)
        m_ui->baseUrlEdit->setText(ApiEndpoint::regionalBaseUrl(region).toString());
}

void ProfileDialog::refreshTokenState(const QString &name)
{
    m_ui->tokenStateLabel->setText(tr("Looking for a stored token…"));
    CredentialJob *sessionJob = m_tokens.session()->readToken(name);
    connect(sessionJob, &CredentialJob::finished, this, [this, name](const CredentialResult &held) {
        if (m_ui->nameEdit->text() != name)
            return;
        if (held.isOk()) {
            m_ui->tokenStateLabel->setText(
                tr("The token is kept in memory for this session only."));
            m_ui->tokenEdit->setPlaceholderText(tr("(kept for this session)"));
            return;
        }
        readKeychainTokenState(name);
    });
    sessionJob->start();
}

void ProfileDialog::readKeychainTokenState(const QString &name)
{
    CredentialJob *job = m_tokens.keychain()->readToken(name);
    connect(job, &CredentialJob::finished, this, [this, name](const CredentialResult &result) {
        if (m_ui->nameEdit->text() != name)
            return; // another profile is shown by now
        m_keychainUnavailable = result.status == CredentialResult::Status::Unavailable;
        m_ui->sessionOnlyCheck->setVisible(m_keychainUnavailable);
        m_ui->sessionOnlyCheck->setChecked(m_keychainUnavailable);
        switch (result.status) {
        case CredentialResult::Status::Ok:
            m_ui->tokenStateLabel->setText(
                tr("A token is stored in the keychain. Type a new one only to replace it."));
            m_ui->tokenEdit->setPlaceholderText(tr("(stored)"));
            break;
        case CredentialResult::Status::NotFound:
            m_ui->tokenStateLabel->setText(
                tr("No token is stored for this profile yet: paste the API token of a Planhat "
                   "service account."));
            m_ui->tokenEdit->setPlaceholderText(QString());
            break;
        case CredentialResult::Status::Unavailable:
            m_ui->tokenStateLabel->setText(
                tr("%1.\nThe token cannot be saved on this computer. You can still use it for "
                   "this session only: it is kept in memory and forgotten when Planhat Admin "
                   "closes.")
                    .arg(result.message()));
            break;
        case CredentialResult::Status::Failed:
            m_ui->tokenStateLabel->setText(result.message());
            break;
        }
    });
    job->start();
}

bool ProfileDialog::readForm(Profile *profile)
{
    profile->name = m_ui->nameEdit->text().trimmed();
    if (!ProfileStore::isValidName(profile->name)) {
        showFormError(tr("A profile name takes 1 to 64 letters, digits, '.', '_', '-' or '@' "
                         "(no spaces)."));
        m_ui->nameEdit->setFocus();
        return false;
    }
    QString error;
    profile->baseUrl = ApiEndpoint::parseBaseUrl(m_ui->baseUrlEdit->text().trimmed(), &error);
    if (!profile->baseUrl.isValid()) {
        showFormError(tr("Base URL: %1").arg(error));
        m_ui->baseUrlEdit->setFocus();
        return false;
    }
    profile->tenantUuid = m_ui->tenantEdit->text().trimmed();
    if (!profile->tenantUuid.isEmpty() && QUuid::fromString(profile->tenantUuid).isNull()) {
        showFormError(tr("The tenant UUID is not a UUID (like "
                         "123e4567-e89b-12d3-a456-426614174000)."));
        m_ui->tenantEdit->setFocus();
        return false;
    }
    m_ui->maxRateSpin->interpretText(); // a number typed but not yet committed counts
    profile->requestsPerMinute = m_ui->maxRateSpin->value();
    return true;
}

void ProfileDialog::save(AfterSave after)
{
    m_ui->formErrorLabel->hide();
    Profile profile;
    if (!readForm(&profile))
        return;
    const QString token = m_ui->tokenEdit->text().trimmed();
    if (!token.isEmpty()) {
        storeToken(profile, token, after);
        return;
    }
    if (after == AfterSave::Stay) {
        finishSave(profile, after);
        return;
    }
    // Connecting without a typed token needs the stored one.
    setBusy(true);
    m_tokens.read(profile.name, this, [this, profile, after](const CredentialResult &result) {
        setBusy(false);
        if (!result.isOk() || result.token.trimmed().isEmpty()) {
            showFormError(
                result.status == CredentialResult::Status::NotFound
                    ? tr("No token is stored for %1: paste its API token first.").arg(profile.name)
                    : result.message());
            m_ui->tokenEdit->setFocus();
            return;
        }
        m_connectionToken = result.token.trimmed();
        finishSave(profile, after);
    });
}

void ProfileDialog::storeToken(const Profile &profile, const QString &token, AfterSave after)
{
    const auto storeInSession = [this, profile, token, after] {
        m_tokens.session()->writeToken(profile.name, token)->start();
        m_connectionToken = token;
        m_ui->tokenStateLabel->setText(tr("The token is kept in memory for this session only."));
        finishSave(profile, after);
    };
    if (m_keychainUnavailable && m_ui->sessionOnlyCheck->isChecked()) {
        storeInSession();
        return;
    }
    setBusy(true);
    CredentialJob *job = m_tokens.keychain()->writeToken(profile.name, token);
    connect(job, &CredentialJob::finished, this,
            [this, profile, token, after, storeInSession](const CredentialResult &result) {
                setBusy(false);
                if (result.isOk()) {
                    m_connectionToken = token;
                    m_tokens.session()->deleteToken(profile.name)->start();
                    finishSave(profile, after);
                    return;
                }
                if (result.status != CredentialResult::Status::Unavailable) {
                    showFormError(tr("The token was not stored: %1").arg(result.message()));
                    return;
                }
                m_keychainUnavailable = true;
                m_ui->sessionOnlyCheck->show();
                m_ui->sessionOnlyCheck->setChecked(true);
                const auto answer = QMessageBox::question(
                    this, tr("No keychain"),
                    tr("%1.\n\nPlanhat Admin never saves a token in a plain file. Use this "
                       "token for this session only? It is kept in memory and forgotten when "
                       "the app closes.")
                        .arg(result.message()),
                    QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
                if (answer == QMessageBox::Yes)
                    storeInSession();
            });
    job->start();
}

void ProfileDialog::finishSave(const Profile &profile, AfterSave after)
{
    m_profiles.save(profile);
    m_ui->tokenEdit->clear();
    reloadList(profile.name);
    Q_EMIT profileSaved(profile.name);
    if (after == AfterSave::Connect) {
        m_connectionProfile = profile;
        if (m_connectionToken.isEmpty()) {
            save(AfterSave::Connect); // reads the stored token
            return;
        }
        accept();
    }
}

void ProfileDialog::testConnection()
{
    m_ui->formErrorLabel->hide();
    Profile profile;
    if (!readForm(&profile))
        return;
    const QString typed = m_ui->tokenEdit->text().trimmed();
    if (!typed.isEmpty()) {
        runCheck(profile.baseUrl, typed);
        return;
    }
    setBusy(true);
    m_tokens.read(profile.name, this, [this, profile](const CredentialResult &result) {
        setBusy(false);
        if (!result.isOk() || result.token.trimmed().isEmpty()) {
            showFormError(result.status == CredentialResult::Status::NotFound
                              ? tr("Paste a token to test.")
                              : result.message());
            return;
        }
        runCheck(profile.baseUrl, result.token.trimmed());
    });
}

void ProfileDialog::runCheck(const QUrl &baseUrl, const QString &token)
{
    delete m_check;
    m_check = new ConnectionCheck(baseUrl, token, this);
    m_ui->testResultLabel->setStyleSheet(QString());
    m_ui->testResultLabel->setText(tr("Testing %1…").arg(baseUrl.toString()));
    m_ui->testResultLabel->show();
    m_ui->testButton->setEnabled(false);
    connect(m_check, &ConnectionCheck::finished, this, [this](const ConnectionCheckResult &result) {
        m_ui->testButton->setEnabled(true);
        m_ui->testResultLabel->setStyleSheet(
            PaletteColors::labelStyle(result.isOk() ? PaletteColors::successText(palette())
                                                    : PaletteColors::errorText(palette())));
        m_ui->testResultLabel->setText(result.message());
        m_check->deleteLater();
        Q_EMIT connectionTested(result.isOk(), result.message());
    });
    m_check->start();
}

void ProfileDialog::deleteProfile()
{
    const QListWidgetItem *item = m_ui->profileList->currentItem();
    if (!item)
        return;
    const QString name = item->text();
    const auto answer = QMessageBox::question(
        this, tr("Delete profile"),
        tr("Delete profile %1? Its token is removed from the keychain too.").arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    setBusy(true);
    m_tokens.remove(name, this, [this, name](const CredentialResult &result) {
        setBusy(false);
        if (result.status == CredentialResult::Status::Failed) {
            // Keep the profile: deleting it would orphan a token nobody can see any more.
            showFormError(tr("The token of %1 could not be removed from the keychain, so the "
                             "profile stays: %2")
                              .arg(name, result.message()));
            return;
        }
        m_profiles.remove(name);
        if (m_profiles.lastUsed() == name)
            m_profiles.setLastUsed(QString());
        reloadList(QString());
        if (m_ui->profileList->count() == 0)
            startNewProfile();
        Q_EMIT profileDeleted(name);
    });
}

void ProfileDialog::showFormError(const QString &message)
{
    m_ui->formErrorLabel->setText(message);
    m_ui->formErrorLabel->show();
}

void ProfileDialog::setBusy(bool busy)
{
    m_ui->buttonBox->setEnabled(!busy);
    m_ui->testButton->setEnabled(!busy);
    m_ui->deleteButton->setEnabled(!busy && m_ui->profileList->currentItem());
}

} // namespace Planhat
