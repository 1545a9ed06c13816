#!/bin/sh
# 对照检查助手：在 Linux（统信 UOS、麒麟、Debian、Ubuntu…）上为当前用户安装，不需要 root。
#   1. 在 ~/.local/share/addin-server/venv 建 Python 虚拟环境并装入本服务
#      （本文件夹中有 wheels/ 时离线安装，不联网）；
#   2. 生成本机 HTTPS 证书（信任 CA 需要管理员，命令见输出）；
#   3. 登记 WPS 加载项（~/.local/share/Kingsoft/wps/jsaddons）；
#   4. 登录桌面时自动启动服务（~/.config/autostart/addin-server.desktop）。
# 用法：sh install.sh [端口，默认 3000]。卸载：sh uninstall.sh。
set -eu

here=$(cd "$(dirname "$0")" && pwd)
port=${1:-3000}
root=${ADDIN_SERVER_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/addin-server}
python=${PYTHON:-python3}
autostart=${XDG_CONFIG_HOME:-$HOME/.config}/autostart/addin-server.desktop

fail() { printf '安装没有完成：%s\n' "$1" >&2; exit 1; }

command -v "$python" >/dev/null 2>&1 || fail "没有找到 $python。请先安装 Python 3.10 或更新版本。"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || fail "需要 Python 3.10 或更新版本（$python 是 $("$python" -V 2>&1)）。"
have=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ -d "$here/wheels" ] && [ -f "$here/target.txt" ]; then
  want=$(sed -n 's/^python=//p' "$here/target.txt")
  [ -z "$want" ] || [ "$want" = "$have" ] || fail "这个离线安装包是为 Python $want 准备的，本机是 Python $have。请用 addin-server bundle --python-version $have 重新生成。"
fi

echo "== 1/4 建立虚拟环境并安装：$root/venv"
mkdir -p "$root"
"$python" -m venv "$root/venv" || fail "无法建立虚拟环境。Debian/UOS/麒麟上请先安装 python3-venv（需要管理员）。"
if [ -d "$here/wheels" ]; then
  echo "离线安装：只使用 $here/wheels 中的文件，不联网。"
  "$root/venv/bin/python" -m pip install --upgrade --no-index --find-links "$here/wheels" addin-server
else
  checkout=$(cd "$here/../.." && pwd)
  [ -f "$checkout/setup.cfg" ] || fail "本文件夹中没有 wheels/（离线安装包），也不在源代码目录中。"
  "$root/venv/bin/python" -m pip install --upgrade "$checkout"
fi

echo "== 2/4 生成本机 HTTPS 证书"
"$root/venv/bin/addin-server" certs install

echo "== 3/4 登记 WPS 加载项"
"$root/venv/bin/addin-server" wps install --url "https://localhost:$port"

echo "== 4/4 登录桌面时自动启动服务"
mkdir -p "$(dirname "$autostart")"
cat > "$autostart" <<DESKTOP
[Desktop Entry]
Type=Application
Name=对照检查助手服务
Exec="$root/venv/bin/addin-server" serve --port $port
Terminal=false
X-GNOME-Autostart-enabled=true
DESKTOP
echo "已创建：$autostart"

echo
echo "安装完成。现在启动服务：$root/venv/bin/addin-server serve --port $port"
echo "（以后登录桌面时自动启动。）信任本机 CA 的命令见上面第 2 步的输出（需要管理员）。"
