#!/bin/sh
# 对照检查助手：撤销 install.sh 做的事（当前用户）。个人框架和配置文件保留不删。
set -eu
root=${ADDIN_SERVER_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/addin-server}
autostart=${XDG_CONFIG_HOME:-$HOME/.config}/autostart/addin-server.desktop
server="$root/venv/bin/addin-server"

if [ -x "$server" ]; then
  "$server" wps uninstall || true
  certs=$("$server" certs path dir)
  rm -rf "$certs" && echo "已删除：$certs（若曾按提示把 CA 加入系统信任，请同样用管理员命令删除）"
fi
rm -f "$autostart" && echo "已删除：$autostart"
rm -rf "$root" && echo "已删除：$root"
echo "卸载完成。正在运行的服务请按 Ctrl+C 结束，或重新登录。"
