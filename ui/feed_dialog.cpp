#include "ui/feed_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {

QString configText(const nlohmann::json &config, const char *key, const QString &fallback = {})
{
    return config.contains(key) && config[key].is_string() ? QString::fromStdString(config[key].get<std::string>()) : fallback;
}

} // namespace

FeedDialog::FeedDialog(const core::FeedDefinition &feed, QWidget *parent)
    : QDialog(parent), m_original(feed), m_form(new QFormLayout), m_name(new QLineEdit), m_listen(new QLineEdit),
      m_path(new QLineEdit), m_url(new QLineEdit), m_secret(new QLineEdit), m_kind(new QComboBox), m_auth(new QComboBox),
      m_seconds(new QSpinBox), m_enabled(new QCheckBox(tr("Run whenever this case is open"))), m_error(new QLabel),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel))
{
    setObjectName(QStringLiteral("feedDialog"));
    setWindowTitle(feed.name.empty() ? tr("Add Feed") : tr("Edit Feed %1").arg(QString::fromStdString(feed.name)));
    const auto &c = feed.config;

    m_name->setObjectName(QStringLiteral("feedName"));
    m_name->setText(QString::fromStdString(feed.name));
    m_name->setPlaceholderText(tr("e.g. gateway-webhook"));
    m_kind->setObjectName(QStringLiteral("feedKind"));
    m_kind->addItem(tr("HTTP webhook"), QStringLiteral("http"));
    m_kind->addItem(tr("Syslog over UDP"), QStringLiteral("syslog_udp"));
    m_kind->addItem(tr("Syslog over TCP"), QStringLiteral("syslog_tcp"));
    m_kind->addItem(tr("Follow a JSON-lines file"), QStringLiteral("tail"));
    m_kind->addItem(tr("Poll Alertmanager"), QStringLiteral("alertmanager_pull"));
    m_kind->setCurrentIndex(std::max(0, m_kind->findData(QString::fromStdString(feed.kind.empty() ? "http" : feed.kind))));

    m_listen->setObjectName(QStringLiteral("feedListen"));
    m_listen->setText(configText(c, "listen", feed.kind.starts_with("syslog") ? QStringLiteral("127.0.0.1:5514") : QStringLiteral("127.0.0.1:8088")));
    m_listen->setToolTip(tr("ADDRESS:PORT. 127.0.0.1 keeps the feed off the network."));
    m_path->setObjectName(QStringLiteral("feedPath"));
    m_path->setText(configText(c, "path"));
    m_url->setObjectName(QStringLiteral("feedUrl"));
    m_url->setText(configText(c, "url", QStringLiteral("http://127.0.0.1:9093")));
    m_seconds->setRange(5, 3600);
    m_seconds->setSuffix(tr(" s"));
    m_seconds->setValue(c.value("seconds", 30));

    // "bearer:env:NAME" → Bearer + "env:NAME".
    const QString auth = configText(c, "auth", QStringLiteral("none"));
    const qsizetype colon = auth.indexOf(u':');
    m_auth->setObjectName(QStringLiteral("feedAuth"));
    m_auth->addItem(tr("None (loopback only)"), QStringLiteral("none"));
    m_auth->addItem(tr("Bearer token"), QStringLiteral("bearer"));
    m_auth->addItem(tr("HMAC signature"), QStringLiteral("hmac"));
    m_auth->setCurrentIndex(std::max(0, m_auth->findData(colon < 0 ? auth : auth.left(colon))));
    m_secret->setObjectName(QStringLiteral("feedSecret"));
    m_secret->setText(colon < 0 ? QString() : auth.mid(colon + 1));
    m_secret->setPlaceholderText(tr("env:NAME or file:PATH"));
    m_secret->setToolTip(tr("Where to read the secret from. The secret itself is never stored in the case file."));
    m_enabled->setChecked(feed.name.empty() || feed.enabled);

    auto *pathRow = new QWidget;
    auto *pathLayout = new QHBoxLayout(pathRow);
    pathLayout->setContentsMargins(0, 0, 0, 0);
    pathLayout->addWidget(m_path, 1);
    auto *browse = new QPushButton(tr("Browse…"));
    pathLayout->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("File to Follow"), m_path->text(),
                                                          tr("JSON lines and logs (*.jsonl *.ndjson *.json *.log);;All files (*)"));
        if (!file.isEmpty())
            m_path->setText(file);
    });

    m_form->addRow(tr("&Name:"), m_name);
    m_form->addRow(tr("&Kind:"), m_kind);
    m_form->addRow(tr("&Listen on:"), m_listen);
    m_form->addRow(tr("&Authentication:"), m_auth);
    m_form->addRow(tr("&Secret from:"), m_secret);
    m_form->addRow(tr("&File:"), pathRow);
    m_form->addRow(tr("Alertmanager &URL:"), m_url);
    m_form->addRow(tr("&Every:"), m_seconds);
    m_form->addRow(QString(), m_enabled);

    m_error->setObjectName(QStringLiteral("feedError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &FeedDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &FeedDialog::showFieldsForKind);
    connect(m_auth, &QComboBox::currentIndexChanged, this, &FeedDialog::showFieldsForKind);
    showFieldsForKind();
    setMinimumWidth(460);
}

QString FeedDialog::kind() const
{
    return m_kind->currentData().toString();
}

void FeedDialog::showFieldsForKind()
{
    const QString k = kind();
    const bool listens = k == u"http" || k.startsWith(u"syslog");
    m_form->setRowVisible(m_listen, listens);
    m_form->setRowVisible(m_auth, k == u"http");
    m_form->setRowVisible(m_secret, k == u"http" && m_auth->currentData().toString() != u"none");
    m_form->setRowVisible(m_path->parentWidget(), k == u"tail");
    m_form->setRowVisible(m_url, k == u"alertmanager_pull");
    m_form->setRowVisible(m_seconds, k == u"alertmanager_pull");
    adjustSize();
}

core::FeedDefinition FeedDialog::feed() const
{
    core::FeedDefinition f = m_original;
    f.name = m_name->text().trimmed().toStdString();
    f.kind = kind().toStdString();
    f.enabled = m_enabled->isChecked();
    // Keys this dialog does not show (max_body, allow_hosts) are kept.
    for (const char *key : {"listen", "auth", "path", "url", "seconds"})
        f.config.erase(key);
    const QString k = kind();
    if (k == u"http" || k.startsWith(u"syslog"))
        f.config["listen"] = m_listen->text().trimmed().toStdString();
    if (k == u"http") {
        const QString auth = m_auth->currentData().toString();
        f.config["auth"] = (auth == u"none" ? auth : auth + u':' + m_secret->text().trimmed()).toStdString();
    }
    if (k == u"tail")
        f.config["path"] = m_path->text().trimmed().toStdString();
    if (k == u"alertmanager_pull") {
        f.config["url"] = m_url->text().trimmed().toStdString();
        f.config["seconds"] = m_seconds->value();
    }
    return f;
}

void FeedDialog::accept()
{
    // The same checks the case applies, here so a mistake is fixed in place.
    if (auto valid = core::validateFeed(feed()); !valid) {
        m_error->setText(QString::fromStdString(valid.error().message));
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace cordon::ui
