package dev.hinksbot.gateway.cli;

import dev.hinksbot.gateway.config.ConfigLoader;
import dev.hinksbot.gateway.ops.Doctor;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code doctor}: what this machine and config lack for a working gateway, with the fix for each. */
@Command(name = "doctor", description = "Check Java, config, folders, llama-server, the sandbox, the port, the database, disk"
        + " space and channel credentials; exits 1 when a check fails.")
final class DoctorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        List<Doctor.Check> checks = new Doctor(ConfigLoader.fromEnvironment()).run();
        System.out.print(Doctor.table(checks));
        return checks.stream().allMatch(Doctor.Check::ok) ? 0 : 1;
    }
}
