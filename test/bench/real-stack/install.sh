#!/bin/sh
# Puts the bench's FreeSWITCH pieces into a FreeSWITCH configuration folder (a bench-only instance, not
# a production switch: it replaces callcenter.conf.xml), then: fs_cli -x 'reloadxml' and
# 'sofia profile hotline_bench start' and 'reload mod_callcenter', or restart FreeSWITCH.
#   test/bench/real-stack/install.sh /opt/realstack/fs/etc/freeswitch [sip-port, default 5190]
set -eu
conf=${1:?usage: install.sh <freeswitch conf dir> [sip-port]}
port=${2:-5190}
here=$(dirname "$0")
cp "$here/bench-profile.xml" "$conf/sip_profiles/hotline_bench.xml"
cp "$here/bench-dialplan.xml" "$conf/dialplan/hotline_bench.xml"
cp "$here/callcenter.conf.xml" "$conf/autoload_configs/callcenter.conf.xml"
printf '<include>\n  <X-PRE-PROCESS cmd="set" data="hotline_bench_sip_port=%s"/>\n</include>\n' "$port" > "$conf/hotline-bench-vars.xml"
grep -q 'hotline-bench-vars.xml' "$conf/vars.xml" || sed -i 's|^</include>|  <X-PRE-PROCESS cmd="include" data="hotline-bench-vars.xml"/>\n</include>|' "$conf/vars.xml"
echo "installed the bench profile (port $port), dialplan and callcenter.conf.xml into $conf"
