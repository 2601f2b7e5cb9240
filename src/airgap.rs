//! Is this machine offline? Network interfaces that are up, default routes, and radios not blocked.
//!
//! Read from the kernel's own files (`/sys/class/net`, `/proc/net/route`, `/proc/net/ipv6_route`,
//! `/sys/class/rfkill`) under a root directory that tests can replace with a fake tree. This is a
//! check against mistakes (a cable left in, Wi-Fi still on), not against a hostile kernel.

use std::fs;
use std::path::Path;

/// What stands between this machine and being air-gapped.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AirgapReport {
    /// Interfaces other than loopback that are administratively up, e.g. `eth0`.
    pub interfaces_up: Vec<String>,
    /// Default routes, e.g. `eth0 (IPv4)`.
    pub default_routes: Vec<String>,
    /// Radios that are neither soft- nor hard-blocked, e.g. `phy0 (wlan)`.
    pub radios_unblocked: Vec<String>,
}

impl AirgapReport {
    /// Whether nothing was found.
    pub fn is_airgapped(&self) -> bool {
        self.interfaces_up.is_empty() && self.default_routes.is_empty() && self.radios_unblocked.is_empty()
    }

    /// One line naming everything found, for warnings.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if !self.interfaces_up.is_empty() {
            parts.push(format!("interfaces up: {}", self.interfaces_up.join(", ")));
        }
        if !self.default_routes.is_empty() {
            parts.push(format!("default route via {}", self.default_routes.join(", ")));
        }
        if !self.radios_unblocked.is_empty() {
            parts.push(format!("wireless not blocked: {}", self.radios_unblocked.join(", ")));
        }
        parts.join("; ")
    }
}

const IFF_UP: u32 = 0x1;
const IFF_LOOPBACK: u32 = 0x8;

fn read(path: &Path) -> String {
    fs::read_to_string(path).map(|s| s.trim().to_string()).unwrap_or_default()
}

fn sorted_dir(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(path)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// Checks the machine whose kernel files are under `root` (`/` for this one).
pub fn check_airgap(root: &Path) -> AirgapReport {
    let mut report = AirgapReport::default();
    let net = root.join("sys/class/net");
    for name in sorted_dir(&net) {
        let flags = u32::from_str_radix(read(&net.join(&name).join("flags")).trim_start_matches("0x"), 16)
            .unwrap_or(0);
        if flags & IFF_UP != 0 && flags & IFF_LOOPBACK == 0 {
            report.interfaces_up.push(name);
        }
    }
    for line in read(&root.join("proc/net/route")).lines().skip(1) {
        let f: Vec<&str> = line.split_whitespace().collect();
        // Iface Destination Gateway Flags RefCnt Use Metric Mask …
        if f.len() >= 8 && f[1] == "00000000" && f[7] == "00000000" {
            report.default_routes.push(format!("{} (IPv4)", f[0]));
        }
    }
    for line in read(&root.join("proc/net/ipv6_route")).lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        // destination, prefix length, source, source prefix, next hop, metric, refcount, use, flags, device
        let reject =
            f.get(8).and_then(|x| u32::from_str_radix(x, 16).ok()).is_some_and(|fl| fl & 0x0200 != 0);
        if f.len() >= 10 && f[0].bytes().all(|b| b == b'0') && f[1] == "00" && f[9] != "lo" && !reject {
            report.default_routes.push(format!("{} (IPv6)", f[9]));
        }
    }
    let rfkill = root.join("sys/class/rfkill");
    for entry in sorted_dir(&rfkill) {
        let dir = rfkill.join(&entry);
        if read(&dir.join("soft")) == "0" && read(&dir.join("hard")) == "0" {
            report.radios_unblocked.push(format!(
                "{} ({})",
                read(&dir.join("name")),
                read(&dir.join("type"))
            ));
        }
    }
    report.default_routes.dedup();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, content: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap_or(root)).ok();
        fs::write(p, content).ok();
    }

    #[test]
    fn fake_machines() {
        let root = std::env::temp_dir().join(format!("breakglass-airgap-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        write(&root, "sys/class/net/lo/flags", "0x9\n");
        write(&root, "sys/class/net/eth0/flags", "0x1002\n");
        write(&root, "proc/net/route", "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n");
        write(&root, "sys/class/rfkill/rfkill0/soft", "1\n");
        write(&root, "sys/class/rfkill/rfkill0/hard", "0\n");
        assert!(check_airgap(&root).is_airgapped(), "{:?}", check_airgap(&root));

        write(&root, "sys/class/net/eth0/flags", "0x1003\n");
        write(&root, "sys/class/net/wlan0/flags", "0x1003\n");
        write(
            &root,
            "proc/net/route",
            "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n\
             eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\n\
             eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\n",
        );
        write(
            &root,
            "proc/net/ipv6_route",
            "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003 wlan0\n\
             00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200 lo\n",
        );
        write(&root, "sys/class/rfkill/rfkill1/soft", "0\n");
        write(&root, "sys/class/rfkill/rfkill1/hard", "0\n");
        write(&root, "sys/class/rfkill/rfkill1/name", "phy0\n");
        write(&root, "sys/class/rfkill/rfkill1/type", "wlan\n");
        let r = check_airgap(&root);
        assert_eq!(r.interfaces_up, vec!["eth0", "wlan0"]);
        assert_eq!(r.default_routes, vec!["eth0 (IPv4)", "wlan0 (IPv6)"]);
        assert_eq!(r.radios_unblocked, vec!["phy0 (wlan)"]);
        assert!(!r.is_airgapped());
        assert_eq!(
            r.summary(),
            "interfaces up: eth0, wlan0; default route via eth0 (IPv4), wlan0 (IPv6); wireless not blocked: phy0 (wlan)"
        );
        let _ = fs::remove_dir_all(&root);
    }
}
