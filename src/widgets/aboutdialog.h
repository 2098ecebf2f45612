// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class AboutDialog;
}

namespace Planhat {

/// Help > About: the application's version, the Qt it runs on (the library loaded at run
/// time, which may differ from the one it was built with) and its licence.
class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)
public:
    explicit AboutDialog(QWidget *parent = nullptr);
    ~AboutDialog() override;

    QString versionText() const;
    QString qtVersionText() const;
    QString licenceText() const;

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;
};

} // namespace Planhat
