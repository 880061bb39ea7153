export { default } from "@/app/_components/segment-loading";
