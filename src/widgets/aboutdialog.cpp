// SPDX-License-Identifier: MIT
#include "aboutdialog.h"

#include "ui_aboutdialog.h"
#include "version.h"

#include <QApplication>

namespace Planhat {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    m_ui->iconLabel->setPixmap(QApplication::windowIcon().pixmap(96, 96));
    QFont nameFont = m_ui->nameLabel->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.5);
    nameFont.setBold(true);
    m_ui->nameLabel->setFont(nameFont);
    m_ui->versionLabel->setText(tr("Version %1").arg(QStringLiteral(PLANHAT_ADMIN_VERSION)));
    m_ui->qtLabel->setText(
        tr("Qt %1 (built with Qt %2)")
            .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)));
    m_ui->licenceLabel->setText(
        tr("Released under the MIT licence. Planhat is a trademark of its owner; this tool is "
           "not made by Planhat."));
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::versionText() const
{
    return m_ui->versionLabel->text();
}

QString AboutDialog::qtVersionText() const
{
    return m_ui->qtLabel->text();
}

QString AboutDialog::licenceText() const
{
    return m_ui->licenceLabel->text();
}

} // namespace Planhat
