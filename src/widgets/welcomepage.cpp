// SPDX-License-Identifier: MIT
#include "welcomepage.h"

#include "ui_welcomepage.h"

#include <QApplication>

namespace Planhat {

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::WelcomePage>())
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Welcome"));
    m_ui->iconLabel->setPixmap(QApplication::windowIcon().pixmap(64, 64));
    QFont titleFont = m_ui->titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_ui->titleLabel->setFont(titleFont);
    m_ui->statusLabel->hide();
    connect(m_ui->connectButton, &QPushButton::clicked, this, &WelcomePage::connectRequested);
    connect(m_ui->demoButton, &QPushButton::clicked, this, &WelcomePage::demoRequested);
}

WelcomePage::~WelcomePage() = default;

void WelcomePage::showBusy(const QString &message)
{
    m_ui->connectButton->setEnabled(false);
    m_ui->demoButton->setEnabled(false);
    m_ui->statusLabel->setText(message);
    m_ui->statusLabel->show();
}

void WelcomePage::showError(const QString &message)
{
    m_ui->connectButton->setEnabled(true);
    m_ui->demoButton->setEnabled(true);
    m_ui->statusLabel->setText(message);
    m_ui->statusLabel->show();
}

QString WelcomePage::statusText() const
{
    return m_ui->statusLabel->isVisible() ? m_ui->statusLabel->text() : QString();
}

} // namespace Planhat
